const express = require('express')
const expressWs = require('express-ws')

const app = express()
expressWs(app, null, { wsOptions: { maxPayload: 65536 } })

const terminals = new Map()

app.ws('/terminal/:id', (ws, req) => {
  ws.on('error', (error) => {
    console.error('WebSocket error:', error)
  })
  terminals.set(req.params.id, ws)
  ws.on('message', (msg) => {
    ws.send(`echo: ${msg}`)
  })
  ws.on('close', () => terminals.delete(req.params.id))
})

module.exports = app
