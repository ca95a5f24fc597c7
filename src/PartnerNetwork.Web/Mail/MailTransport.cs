using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using PartnerNetwork.Core.Notifications;

namespace PartnerNetwork.Web.Mail;

/// <summary>Delivers one outbox message; throws when it could not, and the outbox tries again later.</summary>
public interface IMailTransport
{
    Task SendAsync(OutboxMessage message, CancellationToken cancel);

    /// <summary>Called when an outbox run has sent what it had: a transport holding a connection open closes it.</summary>
    Task EndRunAsync() => Task.CompletedTask;
}

/// <summary>Where mail goes: <c>Mail:Mode</c> = Pickup (a folder of .eml files; the Development default) or Smtp.</summary>
public sealed class MailOptions
{
    public string Mode { get; set; } = "Smtp";
    public string From { get; set; } = "PartnerNetwork <no-reply@partnernetwork.local>";
    public string PickupDirectory { get; set; } = "mail-pickup";
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    /// <summary>None, StartTls or SslOnConnect.</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

/// <summary>
/// SMTP with one connection (its TLS handshake and sign-in) for all the messages of an outbox run, not one per message:
/// the daily listing requests are thousands of e-mails. Sends go one at a time through the connection; a refused message
/// or a broken connection closes it, and the next message opens a new one.
/// </summary>
public sealed class SmtpMailTransport(MailOptions options) : IMailTransport, IAsyncDisposable
{
    readonly SemaphoreSlim gate = new(1, 1);
    SmtpClient? client;

    public async Task SendAsync(OutboxMessage message, CancellationToken cancel)
    {
        await gate.WaitAsync(cancel);
        try
        {
            var reused = client is { IsConnected: true };
            try
            {
                await SendOnceAsync(message, cancel);
            }
            // A connection kept from the previous message may have been closed by the server meanwhile (idle timeout, or
            // 421 after its limit of messages per connection): once more on a new one. The message had not been
            // accepted, so nothing is sent twice.
            catch (Exception e) when (reused && !cancel.IsCancellationRequested
                                      && e is ServiceNotConnectedException or IOException or SmtpProtocolException
                                          or SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable })
            {
                await SendOnceAsync(message, cancel); // the failed attempt closed the connection: this opens a new one
            }
        }
        finally
        {
            gate.Release();
        }
    }

    async Task SendOnceAsync(OutboxMessage message, CancellationToken cancel)
    {
        try
        {
            if (client is not { IsConnected: true })
            {
                await CloseAsync();
                client = new SmtpClient { Timeout = 30_000 };
                await client.ConnectAsync(options.Host, options.Port, Enum.Parse<SecureSocketOptions>(options.Security, ignoreCase: true), cancel);
                if (!string.IsNullOrEmpty(options.UserName)) await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancel);
            }
            await client.SendAsync(Mime(message, options), cancel);
        }
        catch
        {
            // Whatever went wrong, the next message starts from a new connection in a known state.
            await CloseAsync();
            throw;
        }
    }

    public async Task EndRunAsync()
    {
        await gate.WaitAsync();
        try { await CloseAsync(); }
        finally { gate.Release(); }
    }

    async Task CloseAsync()
    {
        if (client is null) return;
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(quit: true);
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or SmtpCommandException or ServiceNotConnectedException or OperationCanceledException)
        {
            // Already gone: nothing to say goodbye to.
        }
        finally
        {
            client.Dispose();
            client = null;
        }
    }

    public async ValueTask DisposeAsync() => await EndRunAsync();

    public static MimeMessage Mime(OutboxMessage message, MailOptions options)
    {
        var mime = new MimeMessage { Subject = message.Subject, Body = new TextPart("plain") { Text = message.Body } };
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        // The outbox id: a receiving system can drop a duplicate if a send succeeded but was not recorded.
        mime.MessageId = $"{message.Id:N}@partnernetwork";
        return mime;
    }
}

/// <summary>Writes each message as an .eml file: what Development uses instead of a mail server.</summary>
public sealed class PickupFolderTransport(MailOptions options, IWebHostEnvironment environment) : IMailTransport
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancel)
    {
        var folder = Path.Combine(environment.ContentRootPath, options.PickupDirectory);
        Directory.CreateDirectory(folder);
        await SmtpMailTransport.Mime(message, options).WriteToAsync(Path.Combine(folder, $"{message.Id:N}.eml"), cancel);
    }
}
