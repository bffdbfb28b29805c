import { WebSocketServer } from "ws"

const wss = new WebSocketServer({ port: 8080, maxPayload: 16384 })
const awaitingPong = new WeakSet()
const heartbeat = setInterval(() => {
  for (const client of wss.clients) {
    if (client.isPaused) {
      awaitingPong.delete(client) // a paused socket reads no pong: ask again once it is resumed
      continue
    }
    if (awaitingPong.has(client)) {
      client.terminate()
      continue
    }
    awaitingPong.add(client)
    client.once("pong", () => awaitingPong.delete(client))
    client.ping()
  }
}, 30000)
wss.on("close", () => clearInterval(heartbeat))
wss.on("error", console.error)

wss.on("connection", (ws) => {
  ws.on("error", console.error)
  ws.send(JSON.stringify({ type: "hello" }))
})
