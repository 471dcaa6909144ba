#!/usr/bin/env python3
"""A loopback TCP proxy that delays every byte by a fixed time each way, for bench/run.sh (W):
a stand-in for a real link where the kernel has no netem. Bytes keep their order; the
delay is added to each chunk as it is read, so a request and its answer each take ONE_WAY_MS.

usage: delay_proxy.py LISTEN_PORT TARGET_PORT ONE_WAY_MS   (runs until killed)"""
import asyncio
import sys
import time

LISTEN, TARGET, DELAY = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) / 1000


async def pipe(reader, writer):
    queue = asyncio.Queue()

    async def pump():
        while True:
            data = await reader.read(65536)
            await queue.put((time.monotonic() + DELAY, data))
            if not data:
                return

    async def deliver():
        while True:
            due, data = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                try:
                    writer.write_eof()
                except OSError:
                    pass
                return
            writer.write(data)
            await writer.drain()

    try:
        await asyncio.gather(pump(), deliver())
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def handle(client_reader, client_writer):
    try:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", TARGET)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", LISTEN)
    print("listening", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
