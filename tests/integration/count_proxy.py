#!/usr/bin/python3
"""A byte-counting TCP proxy on loopback, put in front of the registry so a test can see how many
bytes a client downloaded (the registry's byte counter): `count_proxy.py LISTEN_PORT UPSTREAM_PORT
COUNTER_FILE`. The counter file holds the total bytes sent from the registry to clients and is
rewritten (temp + rename) whenever it changes, at most every 100 ms."""
import asyncio, os, sys, time

listen, upstream, counter_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
total = 0
written = -1

def flush():
    global written
    if total != written:
        tmp = counter_path + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % total)
        os.rename(tmp, counter_path)
        written = total

async def pipe(reader, writer, count):
    global total
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if count:
                total += len(data)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass

async def handle(client_r, client_w):
    try:
        up_r, up_w = await asyncio.open_connection("127.0.0.1", upstream)
    except OSError:
        client_w.close()
        return
    await asyncio.gather(pipe(client_r, up_w, False), pipe(up_r, client_w, True))

async def ticker():
    while True:
        flush()
        await asyncio.sleep(0.1)

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", listen)
    flush()
    async with server:
        await asyncio.gather(server.serve_forever(), ticker())

asyncio.run(main())
