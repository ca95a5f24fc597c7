using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Web.Localization;

namespace PartnerNetwork.Web.Pages.Shared;

/// <summary>What the referral action panel posts: the version shown, one choice, its reason, one note.</summary>
public sealed class ReferralActionInput
{
    public Guid Version { get; set; }

    /// <summary>A state to move to, or "Note" for a note alone (<see cref="ReferralChoice.Value"/>).</summary>
    public string? Action { get; set; }

    public ReferralReason? Reason { get; set; }

    public string? Note { get; set; }
}

/// <summary>The panel as a page shows it: the choices open to the viewer now, where it posts (null: to the page itself), what was typed.</summary>
public sealed record ActionPanel(IReadOnlyList<ReferralChoice> Choices, Guid Version, ReferralKind Kind, string? PostTo, ReferralActionInput Input)
{
    /// <summary>
    /// The choice shown ticked: the one posted, else the only choice, else the only move when it closes nothing (one tap
    /// to acknowledge). A step that closes the referral, as the agent's cancellation, is never ticked for the user.
    /// </summary>
    public string? Chosen => Input.Action
        ?? (Choices.Count == 1 ? Choices[0].Value
            : Choices.Where(c => c.To is not null).ToList() is [{ To: { } only } single] && !ReferralWorkflow.IsFinal(only) ? single.Value
            : null);
}

/// <summary>How a panel post ended: applied (a move or a note), refused on a field (shown again), or refused outright.</summary>
public sealed record ActionOutcome(bool Applied, ReferralState? MovedTo, string? Refusal)
{
    public static readonly ActionOutcome Invalid = new(false, null, null);
}

/// <summary>
/// The action panel's post, for the referral page and the link page alike: the choice goes through Core
/// (<see cref="Referral.Move"/> or <see cref="Referral.AddNote"/>). A refusal about what was typed goes on the field it
/// concerns, so the page shows itself again with the note kept; a refusal about the referral itself (closed, not this
/// side's step, changed meanwhile) is returned to be shown over the referral's new state.
/// </summary>
public static class ReferralActions
{
    public static ActionOutcome Apply(Referral referral, ReferralActionInput input, ReferralActor who, Guid? userId, string? viaEmail,
        DateTime now, bool notesOpen, ModelStateDictionary modelState, IStringLocalizer<SharedResource> L)
    {
        // What the binder could not read counts as not given: the rules below then name the field, in the page's language.
        modelState.Clear();
        if (input.Action == ReferralChoice.NoteAlone.Value)
        {
            if (!notesOpen) return new(false, null, L["Referral.AlreadyClosed"]);
            return Refused(referral.AddNote(who, userId, input.Note, now, viaEmail), null, modelState, L) ?? new(true, null, null);
        }
        // A state by its name only: Enum.TryParse would also take "3" or "Accepted, Declined".
        if (!Enum.GetNames<ReferralState>().Contains(input.Action))
        {
            modelState.AddModelError("Input.Action", L["Referral.ChooseAction", L["Referral.WhatToDo"]]);
            return ActionOutcome.Invalid;
        }
        var to = Enum.Parse<ReferralState>(input.Action!);
        // Someone acted since this form was shown: nothing is applied, the page shows the new state.
        if (referral.Version != input.Version) return new(false, null, L["Referral.Conflict"]);
        var reason = ReferralWorkflow.ReasonsFor(to, who) is [var only] ? only : input.Reason;
        return Refused(referral.Move(to, who, userId, reason, input.Note, now, viaEmail), to, modelState, L) ?? new(true, to, null);
    }

    static ActionOutcome? Refused(string? refusal, ReferralState? to, ModelStateDictionary modelState, IStringLocalizer<SharedResource> L)
    {
        switch (refusal)
        {
            case null:
                return null;
            case "Referral.ReasonRequired":
                modelState.AddModelError("Input.Reason", L["Referral.ReasonFor", L[$"ReferralAction.{to}"], L["Referral.Reason"]]);
                return ActionOutcome.Invalid;
            case "Referral.OtherNeedsText" or "Referral.NoteEmpty" or "Referral.NoteTooLong":
                modelState.AddModelError("Input.Note", L[refusal, L["Referral.NoteLabel"], Referral.NoteMaxLength]);
                return ActionOutcome.Invalid;
            default:
                return new(false, null, L[refusal]);
        }
    }

    /// <summary>What happened and what comes next, for the status line after the redirect.</summary>
    public static string Confirmation(Referral referral, ReferralState? movedTo, ReferralActor who, IStringLocalizer<SharedResource> L)
    {
        var information = referral.Kind == ReferralKind.InformationGiven;
        if (movedTo is not { } to)
            return information ? L["InformationDone.Note"]
                : L[ReferralWorkflow.RoleOf(who) == ReferralActor.Agent ? "ReferralDone.Note.Agent" : "ReferralDone.Note.Partner"];
        var reason = referral.ReasonText ?? (referral.Reason is { } r ? L[$"ReferralReason.{r}"].Value : "");
        return L[$"{(information ? "InformationDone" : "ReferralDone")}.{to}", reason];
    }
}
