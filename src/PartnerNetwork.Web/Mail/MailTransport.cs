using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using PartnerNetwork.Core.Notifications;

namespace PartnerNetwork.Web.Mail;

/// <summary>Delivers one outbox message; throws when it could not, and the outbox tries again later.</summary>
public interface IMailTransport
{
    Task SendAsync(OutboxMessage message, CancellationToken cancel);
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

public sealed class SmtpMailTransport(MailOptions options) : IMailTransport
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancel)
    {
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(options.Host, options.Port, Enum.Parse<SecureSocketOptions>(options.Security, ignoreCase: true), cancel);
        if (!string.IsNullOrEmpty(options.UserName)) await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancel);
        await client.SendAsync(Mime(message, options), cancel);
        await client.DisconnectAsync(quit: true, cancel);
    }

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
