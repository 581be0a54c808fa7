"""Drive a real Thunderbird (started with --marionette -remote-allow-system-access) over Marionette:
store the password (read from stdin, never printed) in its login manager for the account the
exported user.js created, fetch the INBOX, and print one JSON line with what Thunderbird sees.
Usage: tb_check.py MARIONETTE_PORT EXPECTED_COUNT < password
Adapted from reference/testbed/thunderbird/tb_check.py."""
import json, sys, time
from marionette_driver.marionette import Marionette

port, expected = int(sys.argv[1]), int(sys.argv[2])
password = sys.stdin.read()
m = Marionette(host="127.0.0.1", port=port, startup_timeout=60)
m.start_session(); m.set_context(m.CONTEXT_CHROME)
setup = m.execute_async_script("""
  let [pw, resolve] = arguments;
  (async () => {
    const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
    let account = MailServices.accounts.defaultAccount;
    let s = account.incomingServer;
    let smtp = MailServices.outgoingServer.defaultServer.QueryInterface(Ci.nsISmtpServer);
    for (const [origin, user] of [["imap://" + s.hostname, s.username], ["smtp://" + smtp.hostname, smtp.username]]) {
      let li = Cc["@mozilla.org/login-manager/loginInfo;1"].createInstance(Ci.nsILoginInfo);
      li.init(origin, null, origin, user, pw, "", "");
      await Services.logins.addLoginAsync(li);
    }
    let inbox = s.rootFolder.getFolderWithFlags(Ci.nsMsgFolderFlags.Inbox);
    s.getNewMessages(inbox, null, null);
    let id = account.defaultIdentity;
    resolve(JSON.stringify({
      type: s.type, hostname: s.hostname, port: s.port, socketType: s.socketType, authMethod: s.authMethod,
      username: s.username, identityEmail: id.email, identityName: id.fullName,
      smtpHostname: smtp.hostname, smtpPort: smtp.port, smtpSocketType: smtp.socketType,
      smtpUsername: smtp.username,
    }));
  })().catch(e => resolve(JSON.stringify({error: String(e)})));
""", script_args=[password], script_timeout=30000)
result = json.loads(setup)
count = 0
for _ in range(60):
    count = m.execute_script("""
      const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
      let inbox = MailServices.accounts.defaultAccount.incomingServer.rootFolder.getFolderWithFlags(Ci.nsMsgFolderFlags.Inbox);
      return inbox.getTotalMessages(false);""")
    if count >= expected:
        break
    time.sleep(0.5)
result["inboxCount"] = count
print(json.dumps(result))
m.delete_session()
