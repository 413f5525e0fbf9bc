# A household device, for the LAN tests: run inside the second network namespace with Debian's
# python3-zeroconf, an mDNS implementation independent of Seed's. Prints JSON lines.
#   browse TYPE...             every service found, updated or removed until stdin closes
#   resolve TYPE NAME          one lookup with an empty cache
#   ask ADDRESS PORT TEXT      one UDP datagram (broadcast allowed); the answer, or null after 3 s
#   http METHOD URL SOURCE [BODY]   one HTTP request from the SOURCE address: status, type and body
import http.client
import json
import socket
import sys
import urllib.parse

from zeroconf import IPVersion, ServiceBrowser, ServiceStateChange, Zeroconf


def described(info):
    if info is None:
        return None
    return {
        'name': info.name,
        'port': info.port,
        'server': info.server,
        'addresses': info.parsed_addresses(),
        'properties': {k.decode(): (v.decode() if v is not None else None) for k, v in info.properties.items()},
    }


def out(value):
    print(json.dumps(value), flush=True)


def browse(types):
    zc = Zeroconf(ip_version=IPVersion.V4Only)

    def on_change(zeroconf, service_type, name, state_change):
        event = {'event': state_change.name, 'type': service_type, 'name': name}
        if state_change is not ServiceStateChange.Removed:
            event['info'] = described(zeroconf.get_service_info(service_type, name, timeout=3000))
        out(event)

    ServiceBrowser(zc, types, handlers=[on_change])
    out({'event': 'ready'})
    try:
        sys.stdin.read()
    finally:
        zc.close()


def resolve(service_type, name):
    zc = Zeroconf(ip_version=IPVersion.V4Only)
    try:
        out(described(zc.get_service_info(service_type, name, timeout=3000)))
    finally:
        zc.close()


def ask(address, port, text):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.settimeout(3)
    s.sendto(text.encode(), (address, int(port)))
    try:
        data, sender = s.recvfrom(65535)
        out({'from': sender[0], 'answer': json.loads(data)})
    except socket.timeout:
        out(None)


def request(method, url, source, body=None):
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10, source_address=(source, 0))
    headers = {'content-type': 'application/json'} if body is not None else {}
    conn.request(method, parts.path + ('?' + parts.query if parts.query else ''), body=body, headers=headers)
    res = conn.getresponse()
    text = res.read().decode()
    out({'status': res.status, 'type': res.getheader('content-type'), 'body': text})


if __name__ == '__main__':
    command, args = sys.argv[1], sys.argv[2:]
    {'browse': lambda: browse(args), 'resolve': lambda: resolve(*args), 'ask': lambda: ask(*args), 'http': lambda: request(*args)}[command]()
