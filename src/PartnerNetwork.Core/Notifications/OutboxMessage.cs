namespace PartnerNetwork.Core.Notifications;

/// <summary>
/// An e-mail waiting to be sent, written in the same transaction as the change it announces, so none is lost.
/// A sender claims it for a while (<see cref="ClaimedUntil"/>) so that with several instances only one sends it.
/// It carries no family details: a subject and a link.
/// </summary>
public class OutboxMessage
{
    public const int MaxBackoffMinutes = 60;
    public const int ToMaxLength = 254;
    public const int SubjectMaxLength = 200;
    public const int BodyMaxLength = 4000;
    public const int ClaimedByMaxLength = 100;
    public const int ErrorMaxLength = 1000;

    public Guid Id { get; set; }

    public DateTime CreatedAt { get; set; }

    public string To { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    public Guid? ReferralId { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public string? ClaimedBy { get; set; }

    public DateTime? ClaimedUntil { get; set; }

    public DateTime? SentAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Exponential back-off after a failure: 30 s, 1 min, 2 min… capped at an hour; never given up.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, Math.Max(0, attempts - 1)), MaxBackoffMinutes * 60));
}
