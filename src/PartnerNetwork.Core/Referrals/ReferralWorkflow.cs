namespace PartnerNetwork.Core.Referrals;

public enum ReferralState
{
    Sent,
    Acknowledged,
    Accepted,
    Waitlisted,
    InProgress,
    Completed,
    Declined,
    Unsuccessful,
    Cancelled,
}

/// <summary>
/// Who moves a referral: the referring agent, the receiving partner's staff, the system (consent withdrawn), or the
/// partner through the referral's e-mail link (no account: the event keeps the address instead of a user).
/// </summary>
public enum ReferralActor
{
    Agent,
    Partner,
    System,
    /// <summary>The receiving organisation through a referral link; the workflow treats it as <see cref="Partner"/>.</summary>
    PartnerByLink,
}

/// <summary>
/// The closed-loop referral state machine of DESIGN.md (modelled on FHIR Task / Gravity closed-loop referrals):
/// Sent → Acknowledged → Accepted (or Waitlisted, then Accepted) → InProgress (first contact) → Completed or Unsuccessful;
/// Acknowledged → Declined; any non-final state → Cancelled by the agent or by the system.
/// An "information given" referral has no partner step: the agent records at follow-up whether the family got the
/// service (Completed) or not (Unsuccessful).
/// </summary>
public static class ReferralWorkflow
{
    static readonly Dictionary<(ReferralState From, ReferralState To), ReferralActor[]> Allowed = new()
    {
        [(ReferralState.Sent, ReferralState.Acknowledged)] = [ReferralActor.Partner],
        [(ReferralState.Acknowledged, ReferralState.Accepted)] = [ReferralActor.Partner],
        [(ReferralState.Acknowledged, ReferralState.Waitlisted)] = [ReferralActor.Partner],
        [(ReferralState.Acknowledged, ReferralState.Declined)] = [ReferralActor.Partner],
        [(ReferralState.Waitlisted, ReferralState.Accepted)] = [ReferralActor.Partner],
        [(ReferralState.Accepted, ReferralState.InProgress)] = [ReferralActor.Partner],
        [(ReferralState.InProgress, ReferralState.Completed)] = [ReferralActor.Partner],
        [(ReferralState.InProgress, ReferralState.Unsuccessful)] = [ReferralActor.Partner],
    };

    static readonly Dictionary<(ReferralState From, ReferralState To), ReferralActor[]> AllowedForInformation = new()
    {
        [(ReferralState.Sent, ReferralState.Completed)] = [ReferralActor.Agent],
        [(ReferralState.Sent, ReferralState.Unsuccessful)] = [ReferralActor.Agent],
    };

    /// <summary>The states a referral ends in; a list so that database queries can use it too.</summary>
    public static readonly ReferralState[] FinalStates = [ReferralState.Completed, ReferralState.Declined, ReferralState.Unsuccessful, ReferralState.Cancelled];

    public static bool IsFinal(ReferralState state) => FinalStates.Contains(state);

    /// <summary>Whether <paramref name="actor"/> may move a referral of this kind from one state to another.</summary>
    public static bool IsAllowed(ReferralKind kind, ReferralState from, ReferralState to, ReferralActor actor) =>
        RoleOf(actor) is var role && to == ReferralState.Cancelled
            ? !IsFinal(from) && role is ReferralActor.Agent or ReferralActor.System
            : (kind == ReferralKind.WarmHandoff ? Allowed : AllowedForInformation).TryGetValue((from, to), out var actors) && actors.Contains(role);

    /// <summary>The part an actor plays in the workflow: a link holder acts for the partner, with the partner's steps.</summary>
    public static ReferralActor RoleOf(ReferralActor actor) => actor == ReferralActor.PartnerByLink ? ReferralActor.Partner : actor;

    /// <summary>Where <paramref name="actor"/> can take a referral next: the buttons to show.</summary>
    public static IReadOnlyList<ReferralState> NextStates(ReferralKind kind, ReferralState from, ReferralActor actor) =>
        Enum.GetValues<ReferralState>().Where(to => IsAllowed(kind, from, to, actor)).ToList();

    /// <summary>
    /// What <paramref name="actor"/> may do on a referral now, in the order the action panel offers it: each move the
    /// workflow allows, then a note alone when <paramref name="notesOpen"/>.
    /// </summary>
    public static IReadOnlyList<ReferralChoice> ChoicesFor(ReferralKind kind, ReferralState from, ReferralActor actor, bool notesOpen) =>
    [
        .. NextStates(kind, from, actor).Select(to => new ReferralChoice(to, ReasonsFor(to, actor))),
        .. notesOpen ? [ReferralChoice.NoteAlone] : Array.Empty<ReferralChoice>(),
    ];

    /// <summary>A reason whose words are the note ("other"): the note is then required.</summary>
    public static bool NeedsNote(ReferralReason reason) => reason == ReferralReason.Other;

    /// <summary>Why a refused transition is refused, as a key the UI localises.</summary>
    public static string RefusalReason(ReferralKind kind, ReferralState from, ReferralState to, ReferralActor actor) =>
        IsFinal(from) ? "Referral.AlreadyClosed"
        : Enum.GetValues<ReferralActor>().Any(a => IsAllowed(kind, from, to, a)) ? "Referral.NotYourStep"
        : "Referral.NotNextStep";

    /// <summary>The reasons a move to <paramref name="to"/> must give (one of them); empty when it needs none.</summary>
    public static IReadOnlyList<ReferralReason> ReasonsFor(ReferralState to, ReferralActor actor) => to switch
    {
        ReferralState.Declined => [ReferralReason.NotEligible, ReferralReason.NoCapacity, ReferralReason.OutsideServiceArea, ReferralReason.Duplicate, ReferralReason.Other],
        ReferralState.Completed => [ReferralReason.NeedMet, ReferralReason.PartlyMet],
        ReferralState.Unsuccessful => [ReferralReason.FamilyUnreachable, ReferralReason.NoShow, ReferralReason.FamilyDeclined],
        ReferralState.Cancelled => RoleOf(actor) == ReferralActor.System ? [ReferralReason.ConsentWithdrawn] : [ReferralReason.CancelledByAgent],
        _ => [],
    };
}

/// <summary>
/// One choice of a referral's action panel: a move to <see cref="To"/>, given one of <see cref="Reasons"/> when it has
/// any, or a note alone (<see cref="To"/> null).
/// </summary>
public sealed record ReferralChoice(ReferralState? To, IReadOnlyList<ReferralReason> Reasons)
{
    public static readonly ReferralChoice NoteAlone = new(null, []);

    /// <summary>What the panel posts for this choice: the target state's name, or "Note".</summary>
    public string Value => To?.ToString() ?? "Note";

    /// <summary>The viewer picks the reason; a single possible reason (the agent's cancellation) goes without asking.</summary>
    public bool AsksReason => Reasons.Count > 1;
}
