using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Time;

namespace PartnerNetwork.Core.Referrals;

public enum ReferralKind
{
    /// <summary>The partner receives the referral and acts on it.</summary>
    WarmHandoff,
    /// <summary>The family received a sheet about the service; the agent follows up, the partner does nothing.</summary>
    InformationGiven,
}

public enum Urgency
{
    Routine,
    Soon,
    Urgent,
}

/// <summary>Why a referral ended where it did; data, so unmet need can be counted by cause.</summary>
public enum ReferralReason
{
    NotEligible,
    NoCapacity,
    OutsideServiceArea,
    Duplicate,
    Other,
    NeedMet,
    PartlyMet,
    FamilyUnreachable,
    NoShow,
    FamilyDeclined,
    CancelledByAgent,
    ConsentWithdrawn,
}

/// <summary>One handoff of a family to a partner's service, and what became of it.</summary>
public class Referral
{
    public const int MessageMaxLength = 2000;
    public const int NoteMaxLength = 2000;
    /// <summary>A follow-up is planned within the school year, not further.</summary>
    public const int MaxFollowUpMonths = 12;

    public Guid Id { get; set; }

    public Guid FamilyId { get; set; }

    public Family? Family { get; set; }

    public Guid ServiceId { get; set; }

    public Service? Service { get; set; }

    /// <summary>The receiving organisation, kept on the referral so the inbox is one indexed query.</summary>
    public Guid OrganizationId { get; set; }

    public Organization? Organization { get; set; }

    /// <summary>The family's school at the time, for the agents of that school and the CSS's counts.</summary>
    public Guid SchoolId { get; set; }

    public Guid ReferredById { get; set; }

    public ReferralKind Kind { get; set; }

    public ReferralState State { get; set; }

    public Urgency Urgency { get; set; }

    public string Message { get; set; } = "";

    /// <summary>The agent asked to share the family's contact details; they are shown only while a consent covers the organisation.</summary>
    public bool ShareContact { get; set; }

    /// <summary>For information given: the language of the sheet handed to the family.</summary>
    public string? SheetLanguage { get; set; }

    public DateOnly? FollowUpOn { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    /// <summary>How many business days the partner took to acknowledge, kept so indicators are counts the database can group.</summary>
    public int? AcknowledgedInBusinessDays { get; set; }

    public DateTime? FirstContactAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    public ReferralReason? Reason { get; set; }

    /// <summary>When the reason is "other": the partner's words.</summary>
    public string? ReasonText { get; set; }

    public DateTime? PartnerRemindedAt { get; set; }

    public DateTime? AgentAlertedAt { get; set; }

    public DateTime? AnonymisedAt { get; set; }

    /// <summary>Changes with every transition: two people acting on the same state cannot both win.</summary>
    public Guid Version { get; set; }

    public List<ReferralNeed> Needs { get; set; } = [];

    /// <summary>
    /// The needs again, as the sum of their <see cref="NeedCategory.Flag"/>s: derived data the database context sets
    /// when the referral is first saved (needs never change after), for the indicators' one-integer grouping.
    /// </summary>
    public long NeedFlags { get; set; }

    public List<ReferralEvent> Events { get; set; } = [];

    public List<ReferralNote> Notes { get; set; } = [];

    public bool IsOpen => !ReferralWorkflow.IsFinal(State);

    /// <summary>
    /// Why this follow-up date will not do, as a localisation key, or null: information given needs one (the family is
    /// called back then), and any date falls between today and <see cref="MaxFollowUpMonths"/> ahead.
    /// </summary>
    public static string? FollowUpRefusal(ReferralKind kind, DateOnly? followUpOn, DateOnly today) => followUpOn switch
    {
        null when kind == ReferralKind.InformationGiven => "Referral.FollowUpRequired",
        { } date when date < today || date > today.AddMonths(MaxFollowUpMonths) => "Referral.FollowUpRange",
        _ => null,
    };

    /// <summary>A warm handoff asked to share contact details that no consent in force today lets go to the organisation.</summary>
    public static bool LacksConsent(Family family, Guid organizationId, ReferralKind kind, bool shareContact, DateOnly today) =>
        kind == ReferralKind.WarmHandoff && shareContact && !family.MayShareWith(organizationId, today);

    /// <summary>
    /// A new referral in state Sent, with its first event. What only makes sense for one kind is kept only for it:
    /// contact sharing for a warm handoff, the sheet's language for information given. A follow-up date out of range
    /// (<see cref="FollowUpRefusal"/>) or contact sharing without consent (<see cref="LacksConsent"/>) is refused:
    /// the page asks both first and says so; reaching here with either is a bug, so it throws.
    /// </summary>
    public static Referral Send(Family family, Service service, ReferralRequest request, Guid agentId, DateTime now)
    {
        var today = QuebecTime.DateOf(now);
        if (FollowUpRefusal(request.Kind, request.FollowUpOn, today) is { } refusal) throw new InvalidOperationException(refusal);
        if (LacksConsent(family, service.OrganizationId, request.Kind, request.ShareContact, today)) throw new InvalidOperationException("Referral.NoConsent");
        var warm = request.Kind == ReferralKind.WarmHandoff;
        var referral = new Referral
        {
            Id = Guid.NewGuid(), FamilyId = family.Id, ServiceId = service.Id, OrganizationId = service.OrganizationId,
            SchoolId = family.SchoolId, ReferredById = agentId, Kind = request.Kind, State = ReferralState.Sent, CreatedAt = now,
            Version = Guid.NewGuid(), Urgency = request.Urgency, Message = request.Message?.Trim() ?? "",
            ShareContact = warm && request.ShareContact, FollowUpOn = request.FollowUpOn,
            SheetLanguage = warm ? null : request.SheetLanguage,
        };
        referral.Needs = request.NeedIds.Distinct().Select(n => new ReferralNeed { ReferralId = referral.Id, NeedCategoryId = n }).ToList();
        referral.Events.Add(new ReferralEvent
        {
            Id = Guid.NewGuid(), ReferralId = referral.Id, At = now, ActorId = agentId, Actor = ReferralActor.Agent, To = ReferralState.Sent,
        });
        family.Touch(now);
        return referral;
    }

    /// <summary>
    /// Moves the referral and records the event; returns null, or the localisation key saying why it was refused
    /// (the referral is then unchanged). <paramref name="viaEmail"/>: the address of the link the partner acted through.
    /// </summary>
    public string? Move(ReferralState to, ReferralActor actor, Guid? actorId, ReferralReason? reason, string? note, DateTime now, string? viaEmail = null)
    {
        if (!ReferralWorkflow.IsAllowed(Kind, State, to, actor)) return ReferralWorkflow.RefusalReason(Kind, State, to, actor);
        var reasons = ReferralWorkflow.ReasonsFor(to, actor);
        if (reasons.Count == 0) reason = null;
        else if (reason is null || !reasons.Contains(reason.Value)) return "Referral.ReasonRequired";
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (reason is { } given && ReferralWorkflow.NeedsNote(given) && note is null) return "Referral.OtherNeedsText";
        if (note?.Length > NoteMaxLength) return "Referral.NoteTooLong";

        Events.Add(new ReferralEvent
        {
            Id = Guid.NewGuid(), ReferralId = Id, At = now, ActorId = actorId, Actor = actor, From = State, To = to, Reason = reason, Note = note,
            ViaEmail = viaEmail,
        });
        State = to;
        if (to == ReferralState.Acknowledged)
        {
            AcknowledgedAt = now;
            AcknowledgedInBusinessDays = BusinessDays.Taken(CreatedAt, now);
        }
        if (to == ReferralState.InProgress) FirstContactAt = now;
        if (ReferralWorkflow.IsFinal(to))
        {
            ClosedAt = now;
            Reason = reason;
            ReasonText = reason == ReferralReason.Other ? note : null;
        }
        Version = Guid.NewGuid();
        return null;
    }

    /// <summary>
    /// Adds a message to the thread between the agent and the partner; returns null, or the localisation key saying why
    /// it was refused (nothing is added). A note changes no state, so it leaves the version alone: two people writing at
    /// once both keep their words. <paramref name="viaEmail"/>: the address of the link the partner wrote through.
    /// </summary>
    public string? AddNote(ReferralActor author, Guid? authorId, string? text, DateTime now, string? viaEmail = null)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) return "Referral.NoteEmpty";
        if (text.Length > NoteMaxLength) return "Referral.NoteTooLong";
        // Retention has blanked what people wrote; a later note would outlive it.
        if (AnonymisedAt is not null) return "Referral.Anonymised";
        Notes.Add(new ReferralNote
        {
            Id = Guid.NewGuid(), ReferralId = Id, AuthorId = authorId, Author = author, ViaEmail = viaEmail, At = now, Text = text,
        });
        return null;
    }

    /// <summary>
    /// Whether the family's contact details reach the partner on this referral: the agent asked to share them and a
    /// consent in force today covers the organisation (checked on every view, so a withdrawal hides them at once).
    /// Needs <see cref="Family"/> with its consents.
    /// </summary>
    public bool SharesContact(DateOnly today) =>
        ShareContact && Family is { AnonymisedAt: null } family && family.MayShareWith(OrganizationId, today);

    /// <summary>A partner should acknowledge a warm handoff within this many business days; then it is overdue and they are reminded.</summary>
    public const int AcknowledgeWithinBusinessDays = 2;

    /// <summary>Still not acknowledged after this many business days: the agent is told, to redirect the family.</summary>
    public const int AlertAgentAfterBusinessDays = 5;

    public bool IsAcknowledgementOverdue(DateTime utcNow) => AwaitsAcknowledgementSince(AcknowledgeWithinBusinessDays, utcNow);

    /// <summary>The same test on a referral's projected columns (lists read only what they show).</summary>
    public static bool IsAcknowledgementOverdue(ReferralKind kind, ReferralState state, DateTime createdAt, DateTime utcNow) =>
        AwaitsAcknowledgementSince(kind, state, createdAt, AcknowledgeWithinBusinessDays, utcNow);

    /// <summary>Whether a warm handoff still waits for acknowledgement <paramref name="businessDays"/> working days after sending.</summary>
    public bool AwaitsAcknowledgementSince(int businessDays, DateTime utcNow) =>
        AwaitsAcknowledgementSince(Kind, State, CreatedAt, businessDays, utcNow);

    static bool AwaitsAcknowledgementSince(ReferralKind kind, ReferralState state, DateTime createdAt, int businessDays, DateTime utcNow) =>
        kind == ReferralKind.WarmHandoff && state == ReferralState.Sent && BusinessDays.AddTo(createdAt, businessDays) <= utcNow;

    /// <summary>
    /// Retention: blanks what people wrote (message, notes, free-text reasons). States, reasons, needs and dates stay,
    /// so unmet need can still be counted. Needs <see cref="Events"/> and <see cref="Notes"/>.
    /// </summary>
    public void Anonymise(DateTime now)
    {
        Message = "";
        ReasonText = null;
        AnonymisedAt = now;
        foreach (var e in Events) e.Note = null;
        Notes.Clear();
    }
}

/// <summary>What an agent asks for when referring a family.</summary>
public sealed record ReferralRequest(
    ReferralKind Kind, IReadOnlyCollection<Guid> NeedIds, Urgency Urgency, string? Message, bool ShareContact, DateOnly? FollowUpOn, string? SheetLanguage);

public class ReferralNeed
{
    public Guid ReferralId { get; set; }

    public Guid NeedCategoryId { get; set; }

    public NeedCategory? NeedCategory { get; set; }
}

/// <summary>One transition: who, when, from, to, why, with what note.</summary>
public class ReferralEvent
{
    public Guid Id { get; set; }

    public Guid ReferralId { get; set; }

    public DateTime At { get; set; }

    /// <summary>The user who acted; null for the system and for a partner acting through a link.</summary>
    public Guid? ActorId { get; set; }

    public ReferralActor Actor { get; set; }

    /// <summary>For <see cref="ReferralActor.PartnerByLink"/>: the address the link was sent to ("via link, address").</summary>
    public string? ViaEmail { get; set; }

    /// <summary>Null for the referral's creation.</summary>
    public ReferralState? From { get; set; }

    public ReferralState To { get; set; }

    public ReferralReason? Reason { get; set; }

    public string? Note { get; set; }
}

/// <summary>A message between the agent and the partner about one referral.</summary>
public class ReferralNote
{
    public Guid Id { get; set; }

    public Guid ReferralId { get; set; }

    /// <summary>Null when the partner wrote through a referral link (then <see cref="ViaEmail"/> says who).</summary>
    public Guid? AuthorId { get; set; }

    public ReferralActor Author { get; set; }

    public string? ViaEmail { get; set; }

    public DateTime At { get; set; }

    public string Text { get; set; } = "";
}
