#!/usr/bin/env python3
"""Uploads one file to Ferry or to an FTP server at the lowest client cost, for bench/run.sh
(B): the body goes straight from the page cache (sendfile). To Ferry: the SCRAM login of
PROTOCOL.md section 2, the body, then a commit with a SHA-256 given on the command line
(computed once beforehand). On a 2-core machine Ferry's own client and the server share the
CPU; this sender leaves nearly all of it to the server, so it shows what one connection can
get from the server, as a client on another machine would. The same sender to vsftpd gives
the two servers' CPU per GiB with one client for both.

usage: raw_upload.py ferry HOST PORT USER PASSWORD FILE REMOTE SHA256
       raw_upload.py ftp HOST PORT USER PASSWORD FILE REMOTE"""
import base64, ftplib, hashlib, hmac, json, os, socket, struct, sys, time

def send(sock, obj):
    data = json.dumps(obj, separators=(",", ":")).encode()
    sock.sendall(struct.pack(">I", len(data)) + data)

def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed")
        buf += chunk
    return buf

def recv(sock):
    (n,) = struct.unpack(">I", recv_exact(sock, 4))
    answer = json.loads(recv_exact(sock, n))
    if not answer.get("ok"):
        raise SystemExit("server said: %s" % answer)
    return answer

def login(sock, user, password):
    cn = base64.b64encode(os.urandom(24)).decode()
    send(sock, {"op": "hello", "version": 1, "user": user, "nonce": cn, "client": "raw_upload.py"})
    hello = recv(sock)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(hello["salt"]), hello["iterations"], 32)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    n = hello["nonce"]
    auth_message = "n=%s,r=%s,r=%s,s=%s,i=%d,c=biws,r=%s" % (user, cn, n, hello["salt"], hello["iterations"], n)
    signature = hmac.new(stored_key, auth_message.encode(), "sha256").digest()
    proof = bytes(a ^ b for a, b in zip(client_key, signature))
    send(sock, {"op": "auth", "proof": base64.b64encode(proof).decode()})
    recv(sock)

def to_ferry(host, port, user, password, path, remote, sha):
    size = os.path.getsize(path)
    with socket.create_connection((host, int(port))) as sock, open(path, "rb") as f:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        login(sock, user, password)
        send(sock, {"op": "upload", "path": remote, "size": size, "overwrite": True, "resume": False, "mtime": None})
        offset = recv(sock)["offset"]
        sock.sendfile(f, offset)
        sent = time.monotonic()
        send(sock, {"op": "commit", "sha256": sha})
        recv(sock)
        # How long the server took to verify and make the upload durable after the last byte.
        print("commit_wait_ms %.0f" % ((time.monotonic() - sent) * 1000))
        send(sock, {"op": "bye"})

def to_ftp(host, port, user, password, path, remote):
    ftp = ftplib.FTP()
    ftp.connect(host, int(port))
    ftp.login(user, password)
    with open(path, "rb") as f, ftp.transfercmd("STOR " + remote) as data:
        data.sendfile(f)
    ftp.voidresp()
    ftp.quit()

def main():
    kind, args = sys.argv[1], sys.argv[2:]
    {"ferry": to_ferry, "ftp": to_ftp}[kind](*args)

if __name__ == "__main__":
    main()
