"""Parses each message with Python's email package under its strict policy (an independent parser).

Prints one JSON object per file: the decoded From, To and Subject, and every problem found:
a parser error or defect, a line over 998 bytes, an encoded-word over 75 characters.
"""
import email
import json
import re
import sys
from email import policy

for path in sys.argv[1:]:
    problems = []
    data = open(path, 'rb').read()
    head = data.split(b'\r\n\r\n', 1)[0]
    for number, line in enumerate(data.split(b'\r\n'), 1):
        if len(line) > 998:
            problems.append(f'line {number} is {len(line)} bytes')
    for word in re.findall(rb'=\?[^?]+\?[BQbq]\?[^?]*\?=', head):
        if len(word) > 75:
            problems.append(f'encoded-word of {len(word)} characters')
    out = {'file': path}
    try:
        msg = email.message_from_bytes(data, policy=policy.strict)
        for name, value in msg.items():
            for defect in getattr(value, 'defects', ()):
                problems.append(f'{name}: {defect!r}')
        for part in msg.walk():
            for defect in part.defects:
                problems.append(f'part {part.get_content_type()}: {defect!r}')
            if not part.is_multipart():
                part.get_content()
        sender = msg['From'].addresses[0]
        recipient = msg['To'].addresses[0]
        out.update({
            'fromName': sender.display_name,
            'fromAddress': sender.addr_spec,
            'to': recipient.addr_spec,
            'subject': str(msg['Subject']),
            'date': str(msg['Date']),
            'dateHasZone': msg['Date'].datetime.utcoffset() is not None,
            'listUnsubscribe': str(msg['List-Unsubscribe']),
            'types': [p.get_content_type() for p in msg.walk()],
        })
    except Exception as error:  # strict policy raises on any defect
        problems.append(f'{type(error).__name__}: {error}')
    out['problems'] = problems
    print(json.dumps(out, ensure_ascii=False))
