"""Schemathesis hooks for paybind's exports (SCHEMATHESIS_HOOKS=hooks).

PaynetEasy answers in "lines" (the export's x-paybind-answer-encoding): form pairs under
Content-Type text/html, "with (0xA) character at the end of each parameter's value" (the
documents' response format). Read here into an object, so that schemathesis checks each
answer against its schema as it does JSON.
"""

from urllib.parse import parse_qsl

import schemathesis


@schemathesis.deserializer("text/html")
def lines(ctx, response):
    text = response.content.decode("utf-8")
    pairs = parse_qsl(text.replace("\n", ""), keep_blank_values=True, strict_parsing=False)
    if not pairs and text.strip():
        raise ValueError(f"not a line-encoded answer: {text[:200]!r}")
    answer = {}
    for key, value in pairs:
        if key in answer:
            raise ValueError(f"the key {key!r} is given twice")
        answer[key] = value
    return answer
