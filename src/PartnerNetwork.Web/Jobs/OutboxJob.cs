using PartnerNetwork.Web.Mail;

namespace PartnerNetwork.Web.Jobs;

/// <summary>Sends what the outbox holds, often: a new referral's e-mail leaves within seconds.</summary>
public sealed class OutboxJob(OutboxSender sender, IConfiguration configuration) : IScheduledJob
{
    public string Name => "outbox";

    public TimeSpan Every => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Jobs:OutboxSeconds", JobWorker.DefaultTickSeconds)));

    public Task RunAsync(CancellationToken cancel) => sender.SendDueAsync(cancel);
}
