import { WebSocketServer } from 'ws';

interface Row {
  id: string;
  value: number;
}
declare function saveRow(row: Row): Promise<void>;

const wss = new WebSocketServer({ port: 8080, maxPayload: 1 << 20 });
wss.on('error', console.error);

wss.on('connection', (ws) => {
  ws.on('error', console.error);
  ws.on('message', async (data) => {
    const rows = JSON.parse(String(data)) as Row[];
    for (const row of rows) await saveRow(row);
    ws.send(JSON.stringify({ saved: rows.length }));
  });
});
