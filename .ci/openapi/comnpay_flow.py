"""The ComNpay payment flow from Python, through a client that openapi-python-client
generated from openapi/comnpay.json: no hand-written HTTP.

A tokenization and a debit with the seed's frictionless test card (an amount under 30.00
EUR: "Without 3D Secure: Any payment strictly less than 30EUR", the seed's test cards), then
a debit with the card the README's test card table gives as refused, which must come back
as a refusal (the export's x-paybind-refusal) with the README's code, whose description and
category are read from the export's x-paybind-codes.

Usage: python comnpay_flow.py BASE_URL CLIENT_DIR SERIAL_NUMBER KEY
"""

import json
import pathlib
import re
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
FRICTIONLESS = "5512459816707530"  # the seed's "3D Secure V2 without authentication" card


def refused_card():
    """The first refused card of the README's ComNpay test card table, and its code."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = re.search(r"^\| (\d{16}) \| (\d{3}) [A-Z][^|]*\| \2 \|$", readme, re.MULTILINE)
    if row is None:
        sys.exit("comnpay_flow: no refused card in the README's test card table")
    return row.group(1), row.group(2)


def export():
    return json.loads((ROOT / "openapi" / "comnpay.json").read_text(encoding="utf-8"))


def is_refusal(doc, answer):
    """The export's refusal rule: the answer's key has one of the values."""
    rule = doc["components"]["schemas"]["Refusal"]["x-paybind-refusal"]
    value = answer.to_dict().get(rule["key"])
    return str(value) in rule["values"]


def code(doc, value):
    codes = doc["components"]["schemas"]["ReturnCode"]["x-paybind-codes"]
    found = [c for c in codes if c["code"] == value]
    if not found:
        sys.exit(f"comnpay_flow: code {value} is not in the export's table")
    return found[0]


def tokenize(api, models, client, creds, card):
    answer = api.token_create.sync(
        client=client,
        body=models.TokenCreate(
            serial_number=creds[0],
            card_type=models.TokenCardType.CB,
            card_number=card,
            card_expiration_date="3012",
            cvv="123",
            origin="https://shop.example",
        ),
    )
    assert isinstance(answer, models.TokenResponse), f"token/create: {answer!r}"
    return answer.token.token_ref


def debit(api, models, client, creds, token, reference):
    return api.payment_token_debit.sync(
        client=client,
        body=models.PaymentTokenDebit(
            serial_number=creds[0],
            key=creds[1],
            token_ref=token,
            transaction_ref=reference,
            amount=1000,
        ),
    )


def main():
    base, client_dir, serial, key = sys.argv[1:5]
    sys.path.insert(0, str(pathlib.Path(client_dir).resolve().parent))
    package = pathlib.Path(client_dir).name
    client_module = __import__(f"{package}.client", fromlist=["Client"])
    models = __import__(f"{package}.models", fromlist=["*"])
    api = __import__(f"{package}.api.default", fromlist=["token_create", "payment_token_debit"])
    doc = export()
    client = client_module.Client(base_url=base, raise_on_unexpected_status=True)
    creds = (serial, key)
    run = int(time.time() * 1000) % 100_000_000

    token = tokenize(api, models, client, creds, FRICTIONLESS)
    paid = debit(api, models, client, creds, token, f"PY-OK-{run}")
    assert not is_refusal(doc, paid), f"the debit was refused: {paid.to_dict()}"
    accepted = code(doc, paid.response_code)
    assert accepted["category"] == "Success", accepted
    print(f"debit {paid.transaction.transaction_ref}: {paid.response_code} {accepted['description']}")

    card, expected = refused_card()
    token = tokenize(api, models, client, creds, card)
    refused = debit(api, models, client, creds, token, f"PY-KO-{run}")
    assert is_refusal(doc, refused), f"card {card} was not refused: {refused.to_dict()}"
    got = refused.to_dict()[doc["components"]["schemas"]["Refusal"]["x-paybind-refusal"]["code"]]
    assert got == expected, f"card {card}: code {got}, the README says {expected}"
    meaning = code(doc, got)
    assert meaning["category"] != "Success", meaning
    print(f"card {card} refused: {got} {meaning['description']} ({meaning['category']})")


if __name__ == "__main__":
    main()
