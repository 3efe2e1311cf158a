"""A real SMTP server for the tests (Debian's python3-aiosmtpd), with the faults we need.

Prints "listening <port>" once it accepts connections, then appends one JSON line
per accepted message to --out: {"from", "to", "messageId", "subject"}.

  --drop-after-data N   the Nth message (1-based) is stored, then the connection is
                        closed before the 250 reply: the client cannot know it went.
  --reject ADDRESS      550 at RCPT TO for this address.
  --auth USER:PASS      require AUTH (PLAIN/LOGIN) over the plain connection.
  --tempfail-at N       the Nth message (1-based) gets 451 at DATA, once: a transient refusal.
  --tls-cert/--tls-key  offer STARTTLS with this certificate, and require it before MAIL.
"""
import argparse, asyncio, json, ssl, warnings
warnings.filterwarnings("ignore")  # aiosmtpd warns that AUTH without TLS is unsafe: this is loopback in a test
from email import message_from_bytes
from email.header import decode_header, make_header
from aiosmtpd.smtp import SMTP, AuthResult

parser = argparse.ArgumentParser()
parser.add_argument('--out', required=True)
parser.add_argument('--drop-after-data', type=int, default=0)
parser.add_argument('--reject', action='append', default=[])
parser.add_argument('--auth')
parser.add_argument('--tempfail-at', type=int, default=0)
parser.add_argument('--tls-cert')
parser.add_argument('--tls-key')
args = parser.parse_args()


class Handler:
    def __init__(self):
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in (a.lower() for a in args.reject):
            return '550 5.1.1 mailbox unavailable'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        if self.count == args.tempfail_at:
            return '451 4.3.0 try again later'
        message = message_from_bytes(envelope.content)
        with open(args.out, 'a') as out:
            for to in envelope.rcpt_tos:
                out.write(json.dumps({
                    'from': envelope.mail_from,
                    'to': to,
                    'messageId': message.get('Message-ID'),
                    'subject': str(make_header(decode_header(message.get('Subject', '')))),
                    'listUnsubscribe': message.get('List-Unsubscribe'),
                    'tls': session.ssl is not None,
                }) + '\n')
        if self.count == args.drop_after_data:
            # Stored, but the client never hears so: the "accepted, then the connection dropped" case.
            server.transport.close()
            return '250 OK (never seen)'
        return '250 OK'


def authenticator(server, session, envelope, mechanism, auth_data):
    user, password = args.auth.split(':', 1)
    ok = auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False)


async def main():
    handler = Handler()
    loop = asyncio.get_running_loop()
    options = {}
    if args.auth:
        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        options.update(tls_context=context, require_starttls=True)
    factory = lambda: SMTP(handler, **options)
    server = await loop.create_server(factory, '127.0.0.1', 0)
    print('listening', server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()

asyncio.run(main())
