#!/usr/bin/env python3
"""Downloads one file from Ferry or from an FTP server with the same plain reader, for
bench/run.sh (B): the bytes are read into one 256 KiB buffer and dropped, nothing verified
or written. A sendfile server's CPU per GiB depends on how fast its client drains the
socket (vsftpd's own read 0.10-0.12 s per GiB with curl writing a file and 0.46-0.48 with
curl writing to /dev/null, bench/RESULTS.md), so comparing two servers' CPU takes one
reader for both.

usage: raw_download.py ferry HOST PORT USER PASSWORD REMOTE
       raw_download.py ftp HOST PORT USER PASSWORD REMOTE"""
import ftplib, socket, sys

from raw_upload import login, recv, send

BUFFER = 256 * 1024

def drain(sock, size=None):
    view = memoryview(bytearray(BUFFER))
    left = size
    while left is None or left > 0:
        n = sock.recv_into(view, BUFFER if left is None else min(BUFFER, left))
        if n == 0:
            if left is None:
                return
            raise SystemExit("the server closed the connection %d bytes early" % left)
        if left is not None:
            left -= n

def from_ferry(host, port, user, password, remote):
    with socket.create_connection((host, int(port))) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        login(sock, user, password)
        send(sock, {"op": "download", "path": remote, "offset": 0})
        drain(sock, recv(sock)["size"])
        send(sock, {"op": "bye"})

def from_ftp(host, port, user, password, remote):
    ftp = ftplib.FTP()
    ftp.connect(host, int(port))
    ftp.login(user, password)
    with ftp.transfercmd("RETR " + remote) as data:
        drain(data)
    ftp.voidresp()
    ftp.quit()

def main():
    kind, host, port, user, password, remote = sys.argv[1:7]
    {"ferry": from_ferry, "ftp": from_ftp}[kind](host, port, user, password, remote)

if __name__ == "__main__":
    main()
