using PartnerNetwork.Core.Catalogue;
using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Privacy;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests.Referrals;

/// <summary>The closed loop through HTTP on a real SQLite database: agent → partner → agent, consent rules, concurrency.</summary>
[Trait("Database", "Both")]
public class ReferralFlowTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    Guid PartnerOrganization => app.With(db => db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId!.Value);

    [Fact]
    public async Task The_loop_closes_agent_to_partner_to_agent_with_every_step_in_the_timeline_and_mail_without_family_details()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var family = await app.NewFamilyAsync(agent, "Rosa-Loop", "514-555-0111");
        await app.ConsentAsync(agent, family, PartnerOrganization);
        var referral = await app.ReferOkAsync(agent, family, service);

        var inbox = await ReferralApp.TextAsync(partner, "/Inbox");
        Assert.Contains(referral.ToString(), inbox);
        // The consent covers this organisation: the inbox names the family (it shows a reference otherwise).
        Assert.Contains("Rosa-Loop", inbox);
        Assert.DoesNotContain("514-555-0111", inbox);
        var seen = await ReferralApp.TextAsync(partner, $"/Referrals/Details/{referral}");
        Assert.Contains("514-555-0111", seen);
        Assert.Contains("Interprète requis", seen);

        foreach (var (to, reason) in new (ReferralState, string?)[]
                 {
                     (ReferralState.Acknowledged, null), (ReferralState.Accepted, null), (ReferralState.InProgress, null), (ReferralState.Completed, "NeedMet"),
                 })
        {
            var moved = await ReferralApp.MoveAsync(partner, referral, app.VersionOf(referral), to, reason);
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
            Assert.Equal(to, app.StateOf(referral));
        }

        var timeline = await ReferralApp.TextAsync(agent, $"/Families/Details/{family}");
        foreach (var state in new[] { "Envoyée", "Reçue", "Acceptée", "En cours (famille jointe)", "Terminée", "Besoin répondu", "Partenaire Démo", "Agente Démo" })
            Assert.Contains(state, timeline);
        // The test clock stands still, so the steps share one instant: the states break the tie (PostgreSQL keeps no insertion order).
        var events = app.With(db => db.ReferralEvents.Where(e => e.ReferralId == referral).OrderBy(e => e.At).ThenBy(e => e.To).Select(e => e.To).ToList());
        Assert.Equal([ReferralState.Sent, ReferralState.Acknowledged, ReferralState.Accepted, ReferralState.InProgress, ReferralState.Completed], events);

        var mail = app.With(db => db.Outbox.Where(m => m.ReferralId == referral).ToList());
        Assert.Equal(5, mail.Count); // new referral to the partner, four status changes to the agent
        Assert.Equal(4, mail.Count(m => m.To == Seeder.AgentEmail));
        Assert.All(mail, m => Assert.DoesNotContain("Rosa", m.Body + m.Subject));
        Assert.All(mail, m => Assert.DoesNotContain("514-555", m.Body));
        Assert.All(mail, m => Assert.Contains($"/Referrals/Details/{referral}", m.Body));
    }

    [Fact]
    public async Task Without_consent_contact_details_are_not_shared_and_sharing_them_is_refused()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var family = await app.NewFamilyAsync(agent, "Nadia-NoConsent", "514-555-0122");

        var refused = await app.ReferAsync(agent, family, service, share: true);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Aucun consentement en vigueur", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.False(app.With(db => db.Referrals.Any(r => r.FamilyId == family)));

        var referral = await app.ReferOkAsync(agent, family, service, share: false);
        var seen = await ReferralApp.TextAsync(partner, $"/Referrals/Details/{referral}");
        Assert.Contains("contact-hidden", seen);
        Assert.DoesNotContain("514-555-0122", seen);
        Assert.DoesNotContain("Nadia-NoConsent", seen);
        Assert.DoesNotContain("famille@example.org", seen);
        // A partner who sees nothing identifying leaves no access-log entry; the agent's views do.
        var partnerId = app.With(db => db.Users.Single(u => u.Email == Seeder.PartnerEmail).Id);
        Assert.False(app.With(db => db.AccessLog.Any(e => e.FamilyId == family && e.UserId == partnerId)));
    }

    [Fact]
    public async Task Withdrawing_consent_hides_details_at_once_and_cancels_open_referrals_with_an_event_each()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var family = await app.NewFamilyAsync(agent, "Amal-Withdraw", "514-555-0133");
        await app.ConsentAsync(agent, family, PartnerOrganization);
        var referral = await app.ReferOkAsync(agent, family, service);
        Assert.Contains("514-555-0133", await ReferralApp.TextAsync(partner, $"/Referrals/Details/{referral}"));

        var consent = app.With(db => db.Consents.Single(c => c.FamilyId == family).Id);
        var withdrawn = await AppFactory.PostFormAsync(agent, $"/Families/Details/{family}?handler=WithdrawConsent",
            new() { ["consentId"] = consent.ToString() }, formPage: $"/Families/Details/{family}");
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);

        Assert.Equal(ReferralState.Cancelled, app.StateOf(referral));
        var cancel = app.With(db => db.ReferralEvents.Single(e => e.ReferralId == referral && e.To == ReferralState.Cancelled));
        Assert.Equal(ReferralActor.System, cancel.Actor);
        Assert.Equal(ReferralReason.ConsentWithdrawn, cancel.Reason);
        var seen = await ReferralApp.TextAsync(partner, $"/Referrals/Details/{referral}");
        Assert.DoesNotContain("514-555-0133", seen);
        Assert.Contains("contact-hidden", seen);
    }

    [Fact]
    public async Task Two_people_acting_at_once_one_wins_and_the_other_is_told_and_sees_the_new_state()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var colleague = await app.SignedInAsync(Seeder.PartnerEmail);
        var family = await app.NewFamilyAsync(agent, "Twins");
        var referral = await app.ReferOkAsync(agent, family, service, share: false);
        await ReferralApp.MoveAsync(partner, referral, app.VersionOf(referral), ReferralState.Acknowledged);
        var version = app.VersionOf(referral);

        // Both saw the same version: one accepts while the other waitlists, truly at the same time.
        var results = await Task.WhenAll(
            ReferralApp.MoveAsync(partner, referral, version, ReferralState.Accepted),
            ReferralApp.MoveAsync(colleague, referral, version, ReferralState.Waitlisted));
        Assert.All(results, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        var after = app.With(db => db.ReferralEvents.Count(e => e.ReferralId == referral && e.From == ReferralState.Acknowledged));
        Assert.Equal(1, after);
        var state = app.StateOf(referral);
        Assert.Contains(state, new[] { ReferralState.Accepted, ReferralState.Waitlisted });

        // A stale form (the old version) is refused with a message, and the page shows the current state.
        var stale = await ReferralApp.MoveAsync(partner, referral, version, ReferralState.Declined, "NoCapacity");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        var page = await ReferralApp.TextAsync(partner, $"/Referrals/Details/{referral}");
        Assert.Contains("a changé pendant que vous la consultiez", ReferralApp.Error(page));
        Assert.Equal(state, app.StateOf(referral));
    }

    [Fact]
    public async Task Illegal_transitions_are_refused_with_a_clear_message_and_change_nothing()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var family = await app.NewFamilyAsync(agent, "Illegal");
        var referral = await app.ReferOkAsync(agent, family, service, share: false);

        await ReferralApp.MoveAsync(partner, referral, app.VersionOf(referral), ReferralState.Completed, "NeedMet");
        Assert.Contains("ne suit pas", ReferralApp.Error(await ReferralApp.TextAsync(partner, $"/Referrals/Details/{referral}")));
        await ReferralApp.MoveAsync(agent, referral, app.VersionOf(referral), ReferralState.Acknowledged);
        Assert.Contains("revient à l'autre partie", ReferralApp.Error(await ReferralApp.TextAsync(agent, $"/Referrals/Details/{referral}")));
        await ReferralApp.MoveAsync(partner, referral, app.VersionOf(referral), ReferralState.Acknowledged);
        // Input the rules refuse: the page shows itself again, the message on the field it names.
        var other = await ReferralApp.MoveAsync(partner, referral, app.VersionOf(referral), ReferralState.Declined, "Other", note: "");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Contains("Précisez la raison « Autre » dans le champ « Note »", ReferralApp.PanelErrors(await other.Content.ReadAsStringAsync()));
        Assert.Equal(ReferralState.Acknowledged, app.StateOf(referral));

        await ReferralApp.MoveAsync(partner, referral, app.VersionOf(referral), ReferralState.Declined, "Other", note: "Famille déjà suivie ailleurs");
        Assert.Equal(ReferralState.Declined, app.StateOf(referral));
        Assert.Equal(ReferralReason.Other, app.With(db => db.Referrals.Single(r => r.Id == referral).Reason));
        // The agent finds it under "to redirect", with a search for the same need near the school.
        var board = await ReferralApp.TextAsync(agent, "/Referrals");
        var redirect = board[board.IndexOf("id=\"redirect\"", StringComparison.Ordinal)..];
        Assert.Contains(referral.ToString(), redirect);
        Assert.Contains($"/Catalogue?origin=school&amp;school={app.AgentSchool()}".Replace("&amp;", "&"), redirect);
    }

    [Fact]
    public async Task A_second_open_referral_for_the_same_need_asks_for_confirmation()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, "Dup");
        await app.ReferOkAsync(agent, family, service, share: false);

        var warned = await app.ReferAsync(agent, family, service, share: false, confirm: false);
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        Assert.Contains("duplicate-warning", await warned.Content.ReadAsStringAsync());
        Assert.Equal(1, app.With(db => db.Referrals.Count(r => r.FamilyId == family)));
        await app.ReferOkAsync(agent, family, service, share: false);
        Assert.Equal(2, app.With(db => db.Referrals.Count(r => r.FamilyId == family)));
    }

    [Fact]
    public async Task Information_given_prints_a_sheet_in_the_chosen_language_and_is_closed_by_the_agent_at_follow_up()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, "Zzyzx-Sheet");
        var response = await app.ReferAsync(agent, family, service, share: false, kind: "InformationGiven", confirm: true);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var referral = Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());

        var sheet = await ReferralApp.TextAsync(agent, $"/Referrals/Sheet/{referral}?culture=en-CA&ui-culture=en-CA");
        Assert.Contains("What they offer", sheet);
        Assert.DoesNotContain("Zzyzx", sheet);
        Assert.Empty(app.With(db => db.Outbox.Where(m => m.ReferralId == referral).ToList()));
        // Not in the partner's inbox: the partner does not act on it.
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync($"/Referrals/Details/{referral}")).StatusCode);

        await ReferralApp.MoveAsync(agent, referral, app.VersionOf(referral), ReferralState.Completed, "NeedMet");
        Assert.Equal(ReferralState.Completed, app.StateOf(referral));
    }

    [Fact]
    public async Task The_sheet_prints_in_the_family_language_right_to_left_for_Arabic_with_the_agent_to_call_and_an_interpreter_flag()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, "Zzyzx-Lang");
        var referral = Guid.Parse((await app.ReferAsync(agent, family, service, share: false, kind: "InformationGiven", confirm: true))
            .Headers.Location!.OriginalString.Split('/').Last());
        var agentName = app.With(db => db.Users.Single(u => u.Email == Seeder.AgentEmail).DisplayName);

        var spanish = await ReferralApp.TextAsync(agent, $"/Referrals/Sheet/{referral}?lang=es");
        Assert.Contains("Lo que ofrecen", spanish);
        Assert.Contains("lang=\"es\"", spanish);
        Assert.Matches("(lunes|martes|miércoles|jueves|viernes|sábado|domingo) \\d+ de", spanish);
        Assert.Contains(agentName, spanish);
        Assert.Contains("id=\"interpreter-needed\"", spanish);
        Assert.DoesNotContain("Zzyzx", spanish);

        var arabic = await ReferralApp.TextAsync(agent, $"/Referrals/Sheet/{referral}?lang=ar");
        Assert.Contains("dir=\"rtl\"", arabic);
        Assert.Contains("ما يقدمونه", arabic);

        // An unknown language falls back to the one chosen on the referral (English here).
        var unknown = await ReferralApp.TextAsync(agent, $"/Referrals/Sheet/{referral}?lang=xx");
        Assert.Contains("What they offer", unknown);
        Assert.DoesNotContain("dir=\"rtl\"", unknown);
    }

    [Fact]
    public async Task The_sheet_uses_the_partners_own_arabic_text_and_the_school_phone_the_css_set()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, "Zzyzx-Arabic");
        var referral = Guid.Parse((await app.ReferAsync(agent, family, service, share: false, kind: "InformationGiven", confirm: true))
            .Headers.Location!.OriginalString.Split('/').Last());
        var school = app.With(db => db.Schools.Single(s => db.Referrals.Any(r => r.Id == referral && r.SchoolId == s.Id)).Code);

        var css = await app.SignedInAsync(Seeder.CssEmail);
        var portrait = $"/Schools/Portrait/{school}";
        var refused = await AppFactory.PostFormAsync(css, portrait + "?handler=Phone", new() { ["phone"] = "<script>alert(1)</script>" }, formPage: portrait);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("numéro de téléphone nord-américain", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        var saved = await AppFactory.PostFormAsync(css, portrait + "?handler=Phone", new() { ["phone"] = "514-555-0177" }, formPage: portrait);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        // Agents read the portrait but do not set the phone; partners do not open portraits at all.
        var byAgent = await AppFactory.PostFormAsync(agent, portrait + "?handler=Phone", new() { ["phone"] = "514-555-0111" }, formPage: portrait);
        Assert.Equal(HttpStatusCode.Redirect, byAgent.StatusCode);
        Assert.Contains("/Account/AccessDenied", byAgent.Headers.Location!.OriginalString);
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var byPartner = await AppFactory.PostFormAsync(partner, portrait + "?handler=Phone", new() { ["phone"] = "514-555-0111" }, formPage: "/");
        Assert.Contains("/Account/AccessDenied", byPartner.Headers.Location!.OriginalString);
        Assert.Equal("514-555-0177", app.With(db => db.Schools.Single(s => s.Code == school).Phone));

        var french = await ReferralApp.TextAsync(agent, $"/Referrals/Sheet/{referral}?lang=ar");
        Assert.Contains("<span dir=\"ltr\" id=\"school-phone\">514-555-0177</span>", french);
        var inFrench = PartnerNetwork.Web.Pages.Referrals.SheetText.All["ar"].InFrench;
        Assert.Contains(inFrench, french);

        await app.WithAsync(async db =>
        {
            var tracked = await db.Services.SingleAsync(s => s.Id == service);
            tracked.SetText("ar", "خدمة الشريك", "وصف مكتوب بالعربية من الشريك.");
            await db.SaveChangesAsync();
        });
        var arabic = await ReferralApp.TextAsync(agent, $"/Referrals/Sheet/{referral}?lang=ar");
        Assert.Contains("<h1 class=\"h3\"><bdi lang=\"ar\">خدمة الشريك</bdi></h1>", arabic);
        Assert.Contains("<bdi lang=\"ar\">وصف مكتوب بالعربية من الشريك.</bdi></p>", arabic);
        Assert.DoesNotContain(inFrench, arabic);
        await app.WithAsync(async db =>
        {
            var tracked = await db.Services.SingleAsync(s => s.Id == service);
            tracked.SetText("ar", null, null);
            await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task Hostile_text_in_messages_and_notes_is_stored_as_text_and_rendered_escaped()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        const string hostile = "<script>alert('x')</script>=HYPERLINK(\"http://evil\")";
        var family = await app.NewFamilyAsync(agent, "<b>Bold</b>");
        var referral = await app.ReferOkAsync(agent, family, service, share: false, message: hostile);
        var note = await ReferralApp.NoteAsync(partner, referral, hostile);
        Assert.Equal(HttpStatusCode.Redirect, note.StatusCode);

        Assert.Equal(hostile, app.With(db => db.Referrals.Single(r => r.Id == referral).Message));
        Assert.Equal(hostile, app.With(db => db.ReferralNotes.Single(n => n.ReferralId == referral).Text));
        var raw = await (await agent.GetAsync($"/Referrals/Details/{referral}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", raw);
        Assert.Contains("&lt;script&gt;alert", raw);
        Assert.DoesNotContain("<b>Bold</b>", raw);

        var tooLong = await ReferralApp.NoteAsync(partner, referral, new string('x', 10_000));
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Contains("Le champ « Note » compte au plus 2000 caractères.", ReferralApp.PanelErrors(await tooLong.Content.ReadAsStringAsync()));
        Assert.Equal(1, app.With(db => db.ReferralNotes.Count(n => n.ReferralId == referral)));
    }

    [Fact]
    public async Task Viewing_a_family_is_logged_and_the_export_holds_everything_about_it()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, "Export-Me", "514-555-0144");
        await app.ReferOkAsync(agent, family, service, share: false, message: "Besoin de dépannage");
        await agent.GetAsync($"/Families/Details/{family}");

        var export = await agent.GetAsync($"/Families/Details/{family}?handler=Export");
        Assert.Equal("application/json", export.Content.Headers.ContentType!.MediaType);
        var json = await export.Content.ReadAsStringAsync();
        foreach (var expected in new[] { "Export-Me", "514-555-0144", "Besoin de dépannage", "ViewFamily", "Sent", "Agente Démo" })
            Assert.Contains(expected, json);
        var logged = app.With(db => db.AccessLog.Where(e => e.FamilyId == family).Select(e => e.What).ToList());
        Assert.Contains(FamilyAccess.ViewFamily, logged);
        Assert.Contains(FamilyAccess.Export, logged);
    }

    [Fact]
    public async Task Bad_family_input_gets_localised_messages_and_saves_nothing()
    {
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var otherSchool = app.With(db => db.Schools.Where(s => !db.UserSchools.Any(u => u.SchoolId == s.Id)).Select(s => s.Id).First());
        var before = app.With(db => db.Families.Count());
        var response = await AppFactory.PostFormAsync(agent, "/Families/Edit", new()
        {
            ["Input.Reference"] = new string('x', 500), ["Input.SchoolId"] = otherSchool.ToString(), ["Input.Phone"] = "=cmd|' /C calc'!A0",
            ["Input.Email"] = "not-an-email", ["Input.PreferredLanguage"] = "xx", ["Input.Channels"] = "Phone",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Choisissez une de vos écoles", html);
        Assert.Contains("Langue inconnue", html);
        Assert.Equal(before, app.With(db => db.Families.Count()));
    }
}
