using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PartnerNetwork.Web.Tests.Referrals;

/// <summary>
/// Just enough SMTP on loopback for MailKit: records each message received, and can refuse the next few
/// (451, a temporary failure) to exercise retries.
/// </summary>
public sealed class FakeSmtpServer : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource stop = new();

    public ConcurrentBag<string> Received { get; } = [];

    public int FailNext;

    /// <summary>Connections accepted so far.</summary>
    public int Connections => connections;
    int connections;

    /// <summary>When above 0: each connection is closed by the server after this many messages (as an idle timeout would).</summary>
    public int CloseAfter;

    /// <summary>When above 0: past this many messages on a connection, the next is refused with 421 and the connection closed.</summary>
    public int LimitPerConnection;

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public FakeSmtpServer()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (OperationCanceledException) { return; }
            Interlocked.Increment(ref connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        // Without it each multi-line reply waits for loopback's delayed acknowledgement (40 ms per message).
        client.NoDelay = true;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 fake ESMTP");
        var messages = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            var command = line.Split(' ')[0].ToUpperInvariant();
            switch (command)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-fake");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "MAIL":
                    if (LimitPerConnection > 0 && messages >= LimitPerConnection)
                    {
                        await writer.WriteLineAsync("421 4.7.0 too many messages on this connection");
                        return;
                    }
                    if (Interlocked.Decrement(ref FailNext) >= 0) await writer.WriteLineAsync("451 4.3.0 try again later");
                    else await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 go ahead");
                    var message = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } data && data != ".") message.AppendLine(data);
                    Received.Add(message.ToString());
                    await writer.WriteLineAsync("250 queued");
                    messages++;
                    if (CloseAfter > 0 && messages >= CloseAfter) return;
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
    }
}
