#!/usr/bin/env python3
"""Writes fuzz/seeds/TARGET/: the fixtures, the documents' examples and the specs, each
prefixed with the selector byte that leads it to its decoder (see src/lib.rs, `Pick`).
Re-run after adding a decoder: `python3 fuzz/make_seeds.py`."""
import hashlib, os, pathlib

here = pathlib.Path(__file__).resolve().parent
root = here.parent
seeds = here / "seeds"

def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = seeds / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)

# Gateways: (answers, routes) counts in the order of src/lib.rs.
GW = {"comnpay": (18, 19), "payneteasy": (3, 7), "smoney": (7, 3)}
def answer(t, i, body): put(t, bytes([i]) + (body.encode() if isinstance(body, str) else body))
def route(t, i, body): put(t, bytes([GW[t][0] + i]) + body.encode())
def any_route(t, method, path, body):
    put(t, bytes([sum(GW[t]), 1 if method == "POST" else 0]) + f"{path}\n{body}".encode())
def refusal(t, status_ix, body): put(t, bytes([sum(GW[t]) + 1, status_ix]) + body.encode())
def callback(t, body): put(t, bytes([sum(GW[t]) + 2]) + body.encode())

# ComNpay: every fixture under every answer decoder, and form requests on every route.
fixtures = sorted((root / "tests/fixtures/comnpay").glob("*.json"))
for f in fixtures:
    for i in range(GW["comnpay"][0]):
        answer("comnpay", i, f.read_bytes())
    refusal("comnpay", 2, f.read_text())
cn_forms = [
    "serialNumber=VAD-111-111&key=K&cardType=CB&cardNumber=2221001892683407&cardExpirationDate=2812&cvv=123&origin=https%3A%2F%2Fshop.example",
    "serialNumber=V&key=K&tokenRef=TOK123&transactionRef=ORDER-0001&amount=1590&redirection3DSV2Url=https://s.example/r&application=%7B%22browserIp%22%3A%22192.168.14.10%22%2C%22browserLanguage%22%3A%22fr%22%7D",
    "serialNumber=V&key=K&transactionRef=T1234567&pares=P&md=M",
    "serialNumber=V&key=K&transactionRef=T1234567&cres=C",
    "serialNumber=V&key=K&transactionRef=T1234567&amount=1500",
    "serialNumber=V&key=K&transactionRef=T1234567&transactionType=D&startDate=20240101&endDate=20241231&limit=10&page=1",
    "serialNumber=V&key=K&preauthorizationRef=PREAUTH-1&fileNumber=PA20261123000006&amount=1990",
    "serialNumber=V&key=K&payperlinkId=12&type=P3F&amount=3000&customer=%7B%22firstName%22%3A%22T%22%7D",
]
for i in range(GW["comnpay"][1]):
    for body in cn_forms:
        route("comnpay", i, body)
any_route("comnpay", "POST", "payment/refund", cn_forms[4])

# PaynetEasy: the documents' answers and requests, the status answer and a callback.
pe_answers = [
    "type=async-response\n&serial-number=00000000-0000-0000-0000-000002d9b22a\n&merchant-order-id=inv4097763\n&paynet-order-id=6768788\n&end-point-id=22903\n",
    "type=validation-error\n&serial-number=00000000-0000-0000-0000-000002b36f64\n&merchant-order-id=inv4097763\n&error-message=End+point+with+id+22903+not+found\n&error-code=3\n",
    "type=status-response\n&status=approved\n&amount=10.42\n&currency=EUR\n&paynet-order-id=6768788\n&merchant-order-id=inv4097763\n&serial-number=1\n&html=%3Chtml%3E\n&card-type=VISA\n&last-four-digits=1111\n&bin=444455\n&processor-tx-id=1\n",
]
for i in range(GW["payneteasy"][0]):
    for body in pe_answers:
        answer("payneteasy", i, body)
for body in pe_answers[:2]:
    refusal("payneteasy", 0, body)
pe_sale = ("credit_card_number=4538977399606732\n&card_printed_name=John\n&expire_month=01\n&expire_year=2042\n&cvv2=123"
    "\n&client_orderid=34T43R77N\n&order_desc=Test Order Description\n&first_name=John\n&last_name=Smith\n&ssn=1267"
    "\n&birthday=19820115\n&address1=100%20Main%20st\n&city=Seattle\n&state=WA\n&zip_code=98102\n&country=US"
    "\n&phone=+12063582043\n&cell_phone=+19023384543\n&amount=156\n&email=john.smith@gmail.com\n&currency=RUB"
    "\n&ipaddress=65.153.12.232\n&site_url=https://doc.payneteasy.com\n&purpose=user_account1"
    "\n&redirect_url=http%3A%2F%2Fdoc.payneteasy.com%2Fdoc%2Fdummy.htm\n&server_callback_url=https%3A%2F%2Fhttpstat.us%2F200"
    "\n&merchant_data=VIP customer\n&dapi_imei=123\n&control=c821e33bd22773c05c23725d0b1d2dbd9f191399")
pe_status = "login=sim-login&client_orderid=902B4FF5&orderid=6768788&by-request-sn=00000000-0000-0000-0000-0000005b3aa1&control=768eb8162fc361a3e14150ec46e9a6dd8fbfa483"
pe_capture = "login=sim-login&client_orderid=902B4FF5&orderid=6768788&amount=10.42&currency=EUR&comment=partial&control=768eb8162fc361a3e14150ec46e9a6dd8fbfa483"
for i in range(GW["payneteasy"][1]):
    for body in (pe_sale, pe_status, pe_capture):
        route("payneteasy", i, body)
any_route("payneteasy", "POST", "sale/group/1234", pe_sale)
callback("payneteasy", "status=approved&merchant_order=902B4FF5&client_orderid=902B4FF5&orderid=6768788&type=sale&amount=10.42&descriptor=test&error_code=0&error_message=&name=JOHN&email=a@b.c&approval-code=1&last-four-digits=1111&bin=444455&card-type=VISA&gate-partial-reversal=enabled&control=0123456789abcdef0123456789abcdef01234567")
answer("payneteasy", 2, "status=approved&orderid=6768788&client_orderid=902B4FF5&amount=10.42&currency=EUR")

# S-money: JSON answers, requests, the refusal envelope and a callback.
sm_payment = '{"Id": 9001, "OrderId": "ORDER-42", "Amount": 15000, "Fee": 100, "Status": 1, "ErrorCode": 0, "Href": "https://pay.example/9001", "PaymentDate": "2024-01-31T10:00:00", "Card": {"Name": "J", "Brand": "CB", "Country": "FR", "ExpiryDate": "2024-12-01T00:00:00"}, "PaymentSchedule": [{"SequenceNumber": 1, "Amount": 6000, "Date": "2026-11-23T00:00:00", "Status": 1}], "ExtraResults": {"Code3DSecure": "1"}, "Refunds": [{"Id": 77, "OrderId": "REFUND-1", "Amount": 5000, "Status": 1}]}'
sm_answers = [sm_payment, '{"Status": 9, "ErrorCode": 15}', '{"Id": 77, "OrderId": "REFUND-1", "Amount": 5000, "Status": 1}', '[]']
for i in range(GW["smoney"][0]):
    for body in sm_answers:
        answer("smoney", i, body)
answer("smoney", 6, "id=123&error=0&type=1&status=1&sequencenumber=1&userid=42&userstatus=1&signature=e6a82c9bb5f32717bb347ace81d26d9d4b4c9beb")
refusal("smoney", 2, '{"Code": 1401, "ErrorMessage": "Amount too high", "Title": "Bad request", "Priority": 1}')
sm_create = '{"Amount": 15000, "OrderId": "TOUR-SM-1", "ThreeDSecurePreference": 2, "AvailableCards": "CB;VISA", "IsMine": false, "Message": "Three concerts", "UrlReturn": "https://shop.example/return", "UrlCallback": "https://shop.example/callback", "PaymentSchedule": [{"SequenceNumber": 1, "Amount": 6000, "Date": "2026-11-23T00:00:00"}], "Beneficiary": {"AppAccountId": "x"}, "PayerInfo": {"Name": "J"}}'
for i in range(GW["smoney"][1]):
    for body in (sm_create, '{"OrderId": "R-1", "Amount": 500, "Fee": 0}', ""):
        route("smoney", i, body)
any_route("smoney", "GET", "api/p/payins/cardpayments/ORDER%2F1", "")
callback("smoney", "id=123&error=0&type=1&status=1&sequencenumber=1&userid=42&userstatus=1&signature=e6a82c9bb5f32717bb347ace81d26d9d4b4c9beb")

# Money and dates: one seed per parser.
for sel, text in [(0, "EUR 10.42"), (0, "JPY 1000"), (0, "KWD 1.005"), (1, "\x0310.4242"), (1, "\x00123"),
                  (2, "20160630180000"), (3, "20240229"), (4, "2212"), (5, "\x00" * 16),
                  (6, '"1234"'), (6, '"20240229"'), (7, "a=1\n&b=%20x\n")]:
    put("money_date", bytes([sel]) + text.encode("latin-1"))

# The spec loader: the real specs and the feature specs.
for f in sorted((root / "spec").glob("*.yaml")) + sorted((root / "codegen/tests/specs").glob("**/*.yaml")):
    put("spec", f.read_bytes())
