import { WebSocketServer } from "ws"

const wss = new WebSocketServer({ port: 8080, maxPayload: 16384 })
wss.on("error", console.error)

wss.on("connection", (ws) => {
  ws.on("error", console.error)
  ws.send(JSON.stringify({ type: "hello" }))
})
