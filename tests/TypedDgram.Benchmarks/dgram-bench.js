'use strict';
// The Node.js side of the loopback throughput benchmark: node:dgram with the same line protocol as the other
// implementations (see Throughput/ChildProtocol.cs):
//   node dgram-bench.js recv                                  prints "PORT p"; stdin "reset" -> "RESET", "stop" -> "RECEIVED n -1 cpu"
//   node dgram-bench.js send PORT SIZE SECONDS MAX WARMUP     warms up, prints "READY", waits for "go", sends for SECONDS
//                                                             or MAX datagrams, prints "SENT n seconds -1 cpu"
// Sends go out in bursts of 64 between turns of the event loop (a send is queued until its address lookup
// completes on the next tick), to 127.0.0.1 only.
const dgram = require('node:dgram');
const readline = require('node:readline');

const [role, ...args] = process.argv.slice(2);
const control = readline.createInterface({ input: process.stdin });

// CPU seconds (user + system) this process used since `since` (a process.cpuUsage() value).
const cpuSeconds = (since) => {
  const used = process.cpuUsage(since);
  return ((used.user + used.system) / 1e6).toFixed(6);
};

if (role === 'recv') {
  const socket = dgram.createSocket('udp4');
  let count = 0;
  let base = 0;
  let cpu = process.cpuUsage();
  socket.on('message', () => { count++; });
  socket.bind(0, '127.0.0.1', () => console.log(`PORT ${socket.address().port}`));
  control.on('line', (line) => {
    if (line === 'reset') {
      base = count;
      cpu = process.cpuUsage();
      console.log('RESET');
    } else if (line === 'stop') {
      console.log(`RECEIVED ${count - base} -1 ${cpuSeconds(cpu)}`);
      process.exit(0);
    }
  });
} else if (role === 'send') {
  const [port, size, seconds, max, warmup] = args.map(Number);
  const socket = dgram.createSocket('udp4');
  const payload = Buffer.alloc(size);

  const sendFor = (durationSeconds, limit, done) => {
    let sent = 0;
    const deadline = performance.now() + durationSeconds * 1000;
    const burst = () => {
      for (let i = 0; i < 64 && sent < limit; i++) {
        socket.send(payload, port, '127.0.0.1');
        sent++;
      }
      if (sent >= limit || performance.now() >= deadline) {
        const drained = () => (socket.getSendQueueCount() === 0 ? done(sent) : setImmediate(drained));
        setImmediate(drained);
        return;
      }
      setImmediate(burst);
    };
    burst();
  };

  socket.bind(0, '127.0.0.1', () => {
    sendFor(warmup, max, () => {
      console.log('READY');
      control.once('line', () => {
        const start = performance.now();
        const cpu = process.cpuUsage();
        sendFor(seconds, max, (sent) => {
          console.log(`SENT ${sent} ${((performance.now() - start) / 1000).toFixed(6)} -1 ${cpuSeconds(cpu)}`);
          process.exit(0);
        });
      });
    });
  });
} else {
  console.error('usage: node dgram-bench.js recv | send PORT SIZE SECONDS MAX WARMUP');
  process.exit(2);
}
