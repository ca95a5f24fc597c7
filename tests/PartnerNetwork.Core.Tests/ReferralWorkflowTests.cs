using PartnerNetwork.Core.Referrals;
using static PartnerNetwork.Core.Referrals.ReferralState;

namespace PartnerNetwork.Core.Tests;

public class ReferralWorkflowTests
{
    // The whole diagram of DESIGN.md, written out: every other (from, to, actor) must be refused. A partner acting
    // through a referral link has exactly the partner's steps.
    static readonly HashSet<(ReferralState, ReferralState, ReferralActor)> Expected = WithLinkHolder(
    [
        (Sent, Acknowledged, ReferralActor.Partner),
        (Acknowledged, Accepted, ReferralActor.Partner),
        (Acknowledged, Waitlisted, ReferralActor.Partner),
        (Acknowledged, Declined, ReferralActor.Partner),
        (Waitlisted, Accepted, ReferralActor.Partner),
        (Accepted, InProgress, ReferralActor.Partner),
        (InProgress, Completed, ReferralActor.Partner),
        (InProgress, Unsuccessful, ReferralActor.Partner),
        .. new[] { Sent, Acknowledged, Accepted, Waitlisted, InProgress }
            .SelectMany(from => new[] { (from, Cancelled, ReferralActor.Agent), (from, Cancelled, ReferralActor.System) }),
    ]);

    static HashSet<(ReferralState, ReferralState, ReferralActor)> WithLinkHolder(HashSet<(ReferralState From, ReferralState To, ReferralActor Actor)> design) =>
        [.. design, .. design.Where(t => t.Actor == ReferralActor.Partner).Select(t => (t.From, t.To, ReferralActor.PartnerByLink))];

    public static TheoryData<ReferralState, ReferralState, ReferralActor> EveryCombination()
    {
        var data = new TheoryData<ReferralState, ReferralState, ReferralActor>();
        foreach (var from in Enum.GetValues<ReferralState>())
            foreach (var to in Enum.GetValues<ReferralState>())
                foreach (var actor in Enum.GetValues<ReferralActor>())
                    data.Add(from, to, actor);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCombination))]
    public void Each_transition_is_allowed_exactly_as_the_design_draws_it(ReferralState from, ReferralState to, ReferralActor actor) =>
        Assert.Equal(Expected.Contains((from, to, actor)), ReferralWorkflow.IsAllowed(ReferralKind.WarmHandoff, from, to, actor));

    [Fact]
    public void Final_states_go_nowhere()
    {
        foreach (var state in new[] { Completed, Declined, Unsuccessful, Cancelled })
        {
            Assert.True(ReferralWorkflow.IsFinal(state));
            Assert.All(Enum.GetValues<ReferralActor>(), actor => Assert.Empty(ReferralWorkflow.NextStates(ReferralKind.WarmHandoff, state, actor)));
        }
    }

    [Fact]
    public void A_refusal_says_why()
    {
        Assert.Equal("Referral.AlreadyClosed", ReferralWorkflow.RefusalReason(ReferralKind.WarmHandoff, Completed, Cancelled, ReferralActor.Agent));
        Assert.Equal("Referral.NotYourStep", ReferralWorkflow.RefusalReason(ReferralKind.WarmHandoff, Sent, Acknowledged, ReferralActor.Agent));
        Assert.Equal("Referral.NotNextStep", ReferralWorkflow.RefusalReason(ReferralKind.WarmHandoff, Sent, Completed, ReferralActor.Partner));
    }

    [Fact]
    public void The_partner_sees_the_next_steps_and_the_agent_can_only_cancel()
    {
        Assert.Equal([Accepted, Waitlisted, Declined], ReferralWorkflow.NextStates(ReferralKind.WarmHandoff, Acknowledged, ReferralActor.Partner));
        Assert.Equal([Cancelled], ReferralWorkflow.NextStates(ReferralKind.WarmHandoff, Acknowledged, ReferralActor.Agent));
    }

    [Fact]
    public void The_action_panel_offers_the_moves_with_their_reasons_then_a_note_alone()
    {
        var partner = ReferralWorkflow.ChoicesFor(ReferralKind.WarmHandoff, Acknowledged, ReferralActor.PartnerByLink, notesOpen: true);
        Assert.Equal(["Accepted", "Waitlisted", "Declined", "Note"], partner.Select(c => c.Value));
        Assert.Equal([false, false, true, false], partner.Select(c => c.AsksReason));
        Assert.Contains(ReferralReason.NoCapacity, partner[2].Reasons);
        Assert.Null(partner[3].To);

        // The agent's cancellation has one reason: given without asking.
        var agent = ReferralWorkflow.ChoicesFor(ReferralKind.WarmHandoff, Acknowledged, ReferralActor.Agent, notesOpen: true);
        Assert.Equal((Cancelled, false), (agent[0].To!.Value, agent[0].AsksReason));
        Assert.Equal([ReferralReason.CancelledByAgent], agent[0].Reasons);

        // Closed and read-only (a link after closure): nothing to choose.
        Assert.Empty(ReferralWorkflow.ChoicesFor(ReferralKind.WarmHandoff, Completed, ReferralActor.PartnerByLink, notesOpen: false));
        Assert.Equal(["Note"], ReferralWorkflow.ChoicesFor(ReferralKind.WarmHandoff, Completed, ReferralActor.Partner, notesOpen: true).Select(c => c.Value));
    }
}
