# The connection check: step names, step details, the test message, CLI output.
check-step-resolve = Find the server
check-step-connect = Connect
check-step-tls = Encryption (SSL/TLS)
check-step-greeting = Server greeting
check-step-starttls = Switch to encryption (STARTTLS)
check-step-auth = Log in
check-step-send = Send a test message
check-step-confirm = Test message arrived
check-detail-ip-literal = { $address } (an IP address, no lookup needed)
check-detail-tls = { $version }, certificate { $subject } issued by { $issuer } ({ $trust })
check-trust-public-ca = public certificate authority
check-trust-local-root = trusted on this computer, not a public authority
check-trust-pinned = certificate trusted by its fingerprint
check-trust-untrusted = not trusted
check-detail-imap-login = logged in; { $count ->
    [one] { $count } message
   *[other] { $count } messages
} in INBOX
check-detail-pop3-login = logged in; { $count ->
    [one] { $count } message
   *[other] { $count } messages
} on the server
check-detail-smtp-login = logged in ({ $mechanism })
check-detail-sent = accepted: { $reply }
check-detail-delivered = arrived { $seconds } s after sending
check-detail-cancelled = cancelled
check-detail-closed = the server closed the connection
check-detail-too-long = the server sent far more data than expected
check-detail-plaintext-before-tls = the server sent data before encryption was set up (possible tampering)
check-detail-not-smtp = not an { $protocol } reply: { $reply }
check-checking = Checking { $email }
check-all-passed = All checks passed
check-step-failed = A check failed
check-cancelled = The check was cancelled
check-no-password = No password given: the login was not tested (use --password-stdin)
check-using-preset = Using the bundled settings for { $provider }
check-details = Details: { $details }
check-server-reply = Server reply: { $reply }
check-delivery-time = The test message arrived { $seconds } s after sending
check-error-send-test-needs-smtp = --send-test needs an SMTP server and a password
test-message-subject = Mail Setup: test message
test-message-body = Hello!

    Mail Setup sent this message to check that { $address } can send and receive mail. It went from this address to itself and arrived, so the account works.

    You can delete this message.
