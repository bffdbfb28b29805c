import WebSocket from 'ws';

export class PriceFeed {
  constructor(url, onPrice) {
    this.url = url;
    this.onPrice = onPrice;
  }

  start() {
    this.socket = new WebSocket(this.url);
    this.socket.on('open', () => this.socket.send(JSON.stringify({ subscribe: ['BTC-USD'] })));
    this.socket.on('message', (data) => this.onPrice(JSON.parse(data.toString())));
  }

  stop() {
    this.socket?.close();
  }
}
