using System.Net;
using PartnerNetwork.Core.Privacy;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Pages.Shared;

namespace PartnerNetwork.Web.Tests.Referrals;

/// <summary>
/// The referral page's one action panel (issue 20 §7), through HTTP without a browser's help: the choices come from the
/// workflow, input the rules refuse names its field and changes nothing, each step confirms what happened and what
/// comes next, a note alone goes through Core.
/// </summary>
public class ActionPanelTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    Guid PartnerOrganization => app.With(db => db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId!.Value);

    async Task<(Guid Referral, Guid Family, HttpClient Agent, HttpClient Partner)> AcknowledgedAsync(string reference, string phone)
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var family = await app.NewFamilyAsync(agent, reference, phone);
        await app.ConsentAsync(agent, family, PartnerOrganization);
        var referral = await app.ReferOkAsync(agent, family, service);
        Assert.Equal(HttpStatusCode.Redirect, (await ReferralApp.MoveAsync(partner, referral, app.VersionOf(referral), ReferralState.Acknowledged)).StatusCode);
        return (referral, family, agent, partner);
    }

    [Fact]
    public async Task The_panel_offers_what_the_workflow_allows_this_viewer_now_with_the_phone_to_tap()
    {
        var (referral, _, agent, partner) = await AcknowledgedAsync("Panel-Offer", "514-555-0161");
        var page = await ReferralApp.TextAsync(partner, $"/Referrals/Details/{referral}");
        foreach (var action in new[] { "Accepted", "Waitlisted", "Declined", "Note" })
            Assert.Contains($"id=\"action-{action}\"", page);
        Assert.DoesNotContain("id=\"action-Cancelled\"", page);
        Assert.Contains("id=\"reason-NoCapacity\"", page);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "<textarea"));
        Assert.Contains("<a href=\"tel:+15145550161\">514-555-0161</a>", page);

        var seen = await ReferralApp.TextAsync(agent, $"/Referrals/Details/{referral}");
        Assert.Contains("id=\"action-Cancelled\"", seen);
        Assert.DoesNotContain("id=\"action-Accepted\"", seen);
        // The agent's cancellation has one reason: nothing to choose. It closes the referral, so it is not ticked in advance.
        Assert.DoesNotContain("id=\"reason-CancelledByAgent\"", seen);
        Assert.Contains("id=\"action-Cancelled\" value=\"Cancelled\" />", seen);
        // Between accepting and declining nothing is ticked either: the partner chooses.
        Assert.DoesNotContain("checked", page[page.IndexOf("id=\"action-panel\"", StringComparison.Ordinal)..page.IndexOf("</form>", page.IndexOf("id=\"action-panel\"", StringComparison.Ordinal), StringComparison.Ordinal)]);
        Assert.Contains("href=\"tel:+1", seen[seen.IndexOf("id=\"partner-phone\"", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task Declining_without_a_reason_names_the_field_keeps_the_note_and_changes_nothing()
    {
        var (referral, family, _, partner) = await AcknowledgedAsync("Panel-Reason", "514-555-0162");
        var (version, events, mails) = (app.VersionOf(referral), EventsOf(referral), MailsOf(referral));
        var views = app.With(db => db.AccessLog.Count(e => e.FamilyId == family && e.What == FamilyAccess.ViewReferral));

        var refused = await ReferralApp.MoveAsync(partner, referral, version, ReferralState.Declined, note: "Complet jusqu'en janvier");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Pour « Refuser », choisissez une raison sous « Raison ».", ReferralApp.PanelErrors(html));
        Assert.Contains(">Complet jusqu'en janvier</textarea>", html);
        Assert.Contains("id=\"action-Declined\" value=\"Declined\" checked", html);
        Assert.Equal((ReferralState.Acknowledged, version, events, mails), (app.StateOf(referral), app.VersionOf(referral), EventsOf(referral), MailsOf(referral)));
        // The family's phone was shown twice, by the form's own GET and by the page shown again: both views are logged.
        Assert.Equal(views + 2, app.With(db => db.AccessLog.Count(e => e.FamilyId == family && e.What == FamilyAccess.ViewReferral)));
    }

    [Fact]
    public async Task No_choice_or_an_unknown_one_is_refused_with_a_message_naming_the_question()
    {
        var (referral, _, _, partner) = await AcknowledgedAsync("Panel-Choice", "514-555-0163");
        var version = app.VersionOf(referral);
        foreach (var action in new[] { "", "3", "Accepted, Declined", "accepted" })
        {
            var refused = await ReferralApp.ActAsync(partner, referral, version, action, note: "Rien");
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Choisissez une action sous « Que voulez-vous faire ? ».", ReferralApp.PanelErrors(await refused.Content.ReadAsStringAsync()));
        }
        Assert.Equal((ReferralState.Acknowledged, version), (app.StateOf(referral), app.VersionOf(referral)));
        Assert.False(app.With(db => db.ReferralNotes.Any(n => n.ReferralId == referral)));
    }

    [Fact]
    public async Task Each_step_says_what_happened_and_what_comes_next()
    {
        var (referral, _, agent, partner) = await AcknowledgedAsync("Panel-Confirm", "514-555-0164");
        var accepted = await ReferralApp.MoveAsync(partner, referral, app.VersionOf(referral), ReferralState.Accepted, note: "Appel jeudi");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var page = await ReferralApp.TextAsync(partner, $"/Referrals/Details/{referral}");
        Assert.Contains("role=\"status\">Orientation acceptée ; l'agent en est avisé. Prochaine étape : joindre la famille, puis consigner ici le premier contact.<", page);
        // Shown once: the next view has no confirmation.
        Assert.DoesNotContain("Orientation acceptée ;", await ReferralApp.TextAsync(partner, $"/Referrals/Details/{referral}"));

        await ReferralApp.MoveAsync(partner, referral, app.VersionOf(referral), ReferralState.InProgress);
        await ReferralApp.MoveAsync(partner, referral, app.VersionOf(referral), ReferralState.Unsuccessful, "NoShow");
        Assert.Contains("Orientation close sans succès (Famille absente au rendez-vous) ; l'agent en est avisé. Prochaine étape :",
            await ReferralApp.TextAsync(partner, $"/Referrals/Details/{referral}"));
        Assert.Equal("Appel jeudi", app.With(db => db.ReferralEvents.Single(e => e.ReferralId == referral && e.To == ReferralState.Accepted).Note));

        // Closed: the agent may still write, and nothing else.
        var closed = await ReferralApp.TextAsync(agent, $"/Referrals/Details/{referral}");
        Assert.Contains("id=\"referral-closed\">Cette orientation est fermée.<", closed);
        Assert.Contains("id=\"action-Note\" value=\"Note\" checked", closed);
        Assert.DoesNotContain("id=\"action-Cancelled\"", closed);
    }

    [Fact]
    public async Task A_note_alone_goes_through_the_panel_changes_no_state_and_survives_a_move_by_someone_else()
    {
        var (referral, _, agent, partner) = await AcknowledgedAsync("Panel-Note", "514-555-0165");
        var shown = app.VersionOf(referral);
        // The partner accepts while the agent is writing: the note still lands, since it changes no state.
        await ReferralApp.MoveAsync(partner, referral, shown, ReferralState.Accepted);
        var version = app.VersionOf(referral);

        var empty = await ReferralApp.ActAsync(agent, referral, shown, "Note", note: "   ");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Écrivez la note dans le champ « Note ».", ReferralApp.PanelErrors(await empty.Content.ReadAsStringAsync()));
        Assert.False(app.With(db => db.ReferralNotes.Any(n => n.ReferralId == referral)));

        var posted = await ReferralApp.ActAsync(agent, referral, shown, "Note", note: "  La mère travaille de jour.  ");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var note = app.With(db => db.ReferralNotes.Single(n => n.ReferralId == referral));
        Assert.Equal(("La mère travaille de jour.", ReferralActor.Agent), (note.Text, note.Author));
        Assert.Equal((ReferralState.Accepted, version), (app.StateOf(referral), app.VersionOf(referral)));
        var page = await ReferralApp.TextAsync(agent, $"/Referrals/Details/{referral}");
        Assert.Contains("Note ajoutée aux échanges ; le partenaire la lira en ouvrant cette orientation", page);
        Assert.Contains("La mère travaille de jour.", await ReferralApp.TextAsync(partner, $"/Referrals/Details/{referral}"));
    }

    [Fact]
    public async Task A_stale_step_gets_the_conflict_refusal_over_the_new_state()
    {
        var (referral, _, _, partner) = await AcknowledgedAsync("Panel-Stale", "514-555-0166");
        var shown = app.VersionOf(referral);
        await ReferralApp.MoveAsync(partner, referral, shown, ReferralState.Waitlisted);
        var stale = await ReferralApp.MoveAsync(partner, referral, shown, ReferralState.Declined, "NoCapacity");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Contains("a changé pendant que vous la consultiez", ReferralApp.Error(await ReferralApp.TextAsync(partner, $"/Referrals/Details/{referral}")));
        Assert.Equal(ReferralState.Waitlisted, app.StateOf(referral));
    }

    int EventsOf(Guid referral) => app.With(db => db.ReferralEvents.Count(e => e.ReferralId == referral));

    int MailsOf(Guid referral) => app.With(db => db.Outbox.Count(m => m.ReferralId == referral));
}

public class PhoneLinkTests
{
    [Theory]
    [InlineData("514-555-0123", "tel:+15145550123")]
    [InlineData("(514) 555-0123", "tel:+15145550123")]
    [InlineData("+1 514 555 0123", "tel:+15145550123")]
    [InlineData("1-800-555-0199", "tel:+18005550199")]
    [InlineData("514.555.0123 poste 204", "tel:+15145550123;ext=204")]
    [InlineData("514-555-0123 x12", "tel:+15145550123;ext=12")]
    public void A_north_american_number_dials_in_its_international_form(string phone, string tel) =>
        Assert.Equal(tel, PhoneLinks.Tel(phone));

    [Theory]
    [InlineData(null)]
    [InlineData("555-0123")]
    [InlineData("+33 1 23 45 67 89")]
    [InlineData("javascript:alert(1)")]
    [InlineData("514-555-0123; rm")]
    public void Anything_else_gets_no_link(string? phone) => Assert.Null(PhoneLinks.Tel(phone));
}
