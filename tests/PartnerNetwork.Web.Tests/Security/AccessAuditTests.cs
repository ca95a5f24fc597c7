using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Tests.Referrals;

namespace PartnerNetwork.Web.Tests.Security;

/// <summary>
/// Issue 18 §1: nobody reaches family data without leaving a trace its owners read. The first two tests are the issue's
/// reproductions — an admin takes an agent's account over by its e-mail, or opens a partner account on their own mailbox.
/// </summary>
[Trait("Database", "Both")]
public class AccessAuditTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    Guid Centre => app.With(db => db.ServiceCentres.Single(c => c.Code == "762000").Id);
    Guid PartnerOrganization => app.With(db => db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId!.Value);

    static string Unique(string who) => $"{who}-{Guid.NewGuid():N}@test.local";

    void Tick() => app.Clock.Now = app.Clock.Now.AddSeconds(1);

    static void AssertSentToSignIn(HttpResponseMessage response, string what)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{what}: {response.StatusCode}");
        Assert.StartsWith("/Account/SignIn", response.Headers.Location!.PathAndQuery);
    }

    Guid UserId(string email) => app.With(db => db.Users.Single(u => u.Email == email).Id);

    List<string> MailTo(string email) => app.With(db => db.Outbox.Where(m => m.To == email).OrderBy(m => m.CreatedAt).Select(m => m.Subject + "\n" + m.Body).ToList());

    Task<HttpResponseMessage> SaveUserAsync(HttpClient admin, Guid? id, string email, string name, Role role, Guid? centre = null, Guid? organization = null, Guid? school = null)
    {
        Tick();
        var form = new Dictionary<string, string> { ["Input.Email"] = email, ["Input.DisplayName"] = name, ["Input.Role"] = role.ToString() };
        if (centre is { } c) form["Input.ServiceCentreId"] = c.ToString();
        if (organization is { } o) form["Input.OrganizationId"] = o.ToString();
        if (school is { } s) form["Input.SchoolIds"] = s.ToString();
        return AppFactory.PostFormAsync(admin, id is null ? "/Admin/Users/Edit" : $"/Admin/Users/Edit?id={id}", form);
    }

    /// <summary>An agent of the demo CSS, created by the admin through the form, who chose their password from the link.</summary>
    async Task<(Guid Id, string Email)> NewAgentAsync(HttpClient admin, string name)
    {
        var email = Unique("agent");
        Assert.Equal(HttpStatusCode.Redirect, (await SaveUserAsync(admin, null, email, name, Role.Agent, Centre, school: app.AgentSchool())).StatusCode);
        await app.ChoosePasswordFromMailAsync(email, AppFactory.Password);
        return (UserId(email), email);
    }

    static List<long> PendingIds(string page) => Regex.Matches(page, "name=\"id\" value=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value)).ToList();

    [Fact]
    public async Task An_admin_who_moves_an_agents_email_to_their_own_mailbox_ends_its_sessions_tells_both_addresses_and_the_css_reads_it()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var (id, agentEmail) = await NewAgentAsync(admin, "Agente Courriel");
        var agent = await app.SignedInAsync(agentEmail);
        var family = await app.NewFamilyAsync(agent, "Famille-Courriel");
        var stamp = app.With(db => db.Users.AsNoTracking().Single(u => u.Id == id).SecurityStamp);

        var adminMailbox = Unique("boite-admin");
        Assert.Equal(HttpStatusCode.Redirect, (await SaveUserAsync(admin, id, adminMailbox, "Agente Courriel", Role.Agent, Centre, school: app.AgentSchool())).StatusCode);

        // The address is the account: a new one ends the sessions of whoever held it and voids links already sent.
        Assert.NotEqual(stamp, app.With(db => db.Users.AsNoTracking().Single(u => u.Id == id).SecurityStamp));
        AssertSentToSignIn(await agent.GetAsync("/Families"), "the agent's open session");
        Assert.Contains(MailTo(agentEmail), m => m.StartsWith("Adresse de votre compte modifiée") && m.Contains(adminMailbox));
        Assert.Contains(MailTo(adminMailbox), m => m.StartsWith("Adresse de votre compte modifiée") && m.Contains(agentEmail));

        Tick();
        var sent = await AppFactory.PostFormAsync(admin, "/Admin/Users?handler=SendLink", new() { ["id"] = id.ToString() }, formPage: "/Admin/Users");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains(MailTo(agentEmail), m => m.StartsWith("Lien de mot de passe envoyé") && m.Contains(adminMailbox));

        // The reproduction still works — the admin signs in as the agent and reads the family — but not unseen.
        Tick();
        await app.ChoosePasswordFromMailAsync(adminMailbox, "Prise-De-Contr0le!");
        var takenOver = await app.SignedInAsync(adminMailbox, "Prise-De-Contr0le!");
        Assert.Equal(HttpStatusCode.OK, (await takenOver.GetAsync($"/Families/Details/{family}")).StatusCode);

        var css = await app.SignedInAsync(Seeder.CssEmail);
        var audit = await ReferralApp.TextAsync(css, "/Schools/AccessAudit");
        Assert.Contains("Accès aux dossiers des familles", audit);
        var emailRow = Regex.Match(audit, "<tr[^>]*>(?:(?!</tr>).)*Adresse courriel changée(?:(?!</tr>).)*</tr>", RegexOptions.Singleline).Value;
        Assert.Contains(agentEmail, emailRow);
        Assert.Contains(adminMailbox, emailRow);
        Assert.Contains("Administration Démo", emailRow);
        Assert.Contains("Lien de mot de passe envoyé", audit);
        // Still an agent of the CSS: listed among who reaches its families now, under the address that holds it.
        var current = Regex.Match(audit, "<table[^>]*id=\"current\".*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains(adminMailbox, current);
        Assert.Contains("Nouveaux accès aux dossiers des familles", await ReferralApp.TextAsync(css, "/Schools/Centre"));
    }

    [Fact]
    public async Task An_admin_who_opens_a_partner_account_on_their_own_mailbox_is_read_by_the_organisation_until_acknowledged()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, "Famille-Partenaire", "514-555-0142");
        await app.ConsentAsync(agent, family, PartnerOrganization);
        var referral = await app.ReferOkAsync(agent, family, service);

        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var adminMailbox = Unique("boite-admin");
        Assert.Equal(HttpStatusCode.Redirect, (await SaveUserAsync(admin, null, adminMailbox, "Faux Partenaire", Role.PartnerStaff, organization: PartnerOrganization)).StatusCode);
        await app.ChoosePasswordFromMailAsync(adminMailbox, AppFactory.Password);
        var intruder = await app.SignedInAsync(adminMailbox);
        Assert.Contains("514-555-0142", await ReferralApp.TextAsync(intruder, $"/Referrals/Details/{referral}"));

        // The organisation's staff see it at once, everywhere, until one of them acknowledges it.
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        Assert.Contains("Nouveaux accès aux dossiers des familles", await ReferralApp.TextAsync(partner, "/Inbox"));
        var page = await ReferralApp.TextAsync(partner, "/Organizations/AccessAudit");
        var granted = Regex.Match(page, "<tr[^>]*>(?:(?!</tr>).)*Accès donné à l’organisme(?:(?!</tr>).)*</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("Faux Partenaire", granted);
        Assert.Contains(adminMailbox, granted);
        Assert.Contains("Administration Démo", granted);
        Assert.Contains("Lien de mot de passe envoyé", page);
        Assert.Contains(adminMailbox, Regex.Match(page, "<table[^>]*id=\"current\".*?</table>", RegexOptions.Singleline).Value);

        // Another organisation and the CSS read none of it; an admin reads it but does not acknowledge for the owners.
        await app.PartnerServiceAsync();
        var other = await app.SignedInAsync(ReferralApp.OtherPartnerEmail);
        Assert.DoesNotContain(adminMailbox, await ReferralApp.TextAsync(other, "/Organizations/AccessAudit"));
        Assert.DoesNotContain(adminMailbox, await ReferralApp.TextAsync(await app.SignedInAsync(Seeder.CssEmail), "/Schools/AccessAudit"));
        var adminView = await ReferralApp.TextAsync(admin, "/Schools/AccessAudit");
        Assert.Contains(adminMailbox, adminView);
        Assert.Empty(PendingIds(adminView));
        var foreign = PendingIds(page)[0];
        var refused = await AppFactory.PostFormAsync(other, "/Organizations/AccessAudit?handler=Acknowledge", new() { ["id"] = foreign.ToString() });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var byAdmin = await AppFactory.PostFormAsync(admin, "/Schools/AccessAudit?handler=Acknowledge", new() { ["id"] = foreign.ToString() });
        Assert.Equal(HttpStatusCode.NotFound, byAdmin.StatusCode);
        Assert.Null(app.With(db => db.Audit.Single(e => e.Id == foreign).AcknowledgedAt));

        foreach (var id in PendingIds(page))
        {
            var acknowledged = await AppFactory.PostFormAsync(partner, "/Organizations/AccessAudit?handler=Acknowledge", new() { ["id"] = id.ToString() });
            Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);
        }
        Assert.DoesNotContain("Nouveaux accès aux dossiers des familles", await ReferralApp.TextAsync(partner, "/Inbox"));
        Assert.Empty(PendingIds(await ReferralApp.TextAsync(partner, "/Organizations/AccessAudit")));
        Assert.Equal(Seeder.PartnerEmail, app.With(db => db.Users.Where(u => db.Audit.Any(e => e.Id == foreign && e.AcknowledgedById == u.Id)).Select(u => u.Email).Single()));
    }

    [Fact]
    public async Task Partner_staff_of_a_deactivated_organisation_lose_inbox_referrals_and_listing_at_once()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var name = $"Cuisine collective {Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(admin, "/Admin/Organizations?handler=Create", new() { ["Input.Name"] = name }, formPage: "/Admin/Organizations")).StatusCode);
        var organization = app.With(db => db.Organizations.Single(o => o.Name == name).Id);
        var email = Unique("partenaire");
        Assert.Equal(HttpStatusCode.Redirect, (await SaveUserAsync(admin, null, email, "Partenaire Désactivé", Role.PartnerStaff, organization: organization)).StatusCode);
        await app.ChoosePasswordFromMailAsync(email, AppFactory.Password);
        var partner = await app.SignedInAsync(email);
        foreach (var page in new[] { "/Inbox", "/Organizations/Details", "/Organizations/AccessAudit" })
            Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync(page)).StatusCode);

        Tick();
        var deactivated = await AppFactory.PostFormAsync(admin, "/Admin/Organizations?handler=Deactivate", new() { ["id"] = organization.ToString() }, formPage: "/Admin/Organizations");
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        foreach (var page in new[] { "/Inbox", "/Organizations/Details", $"/Referrals/Details/{Guid.NewGuid()}" })
            AssertSentToSignIn(await partner.GetAsync(page), page);
        Assert.Equal(HttpStatusCode.OK, (await AppFactory.SignInAsync(app.Client(false), email, AppFactory.Password)).StatusCode); // refused: the form again
        var audit = await ReferralApp.TextAsync(admin, "/Schools/AccessAudit");
        Assert.Contains("Organisme désactivé", audit);

        Tick();
        var reactivated = await AppFactory.PostFormAsync(admin, "/Admin/Organizations?handler=Reactivate", new() { ["id"] = organization.ToString() }, formPage: "/Admin/Organizations");
        Assert.Equal(HttpStatusCode.Redirect, reactivated.StatusCode);
        var back = await app.SignedInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync("/Inbox")).StatusCode);
        Assert.Contains("Nouveaux accès aux dossiers des familles", await ReferralApp.TextAsync(back, "/Inbox"));
    }

    [Fact]
    public async Task A_refused_change_leaves_no_entry_no_notice_and_the_session_open()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var (id, email) = await NewAgentAsync(admin, "Agente Refus");
        var agent = await app.SignedInAsync(email);
        var entries = app.With(db => db.Audit.Count(e => e.SubjectUserId == id));
        var mail = app.With(db => db.Outbox.Count());

        var refused = await SaveUserAsync(admin, id, Seeder.PartnerEmail, "Agente Refus", Role.Agent, Centre, school: app.AgentSchool());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Un compte utilise déjà ce courriel", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));

        Assert.Equal(entries, app.With(db => db.Audit.Count(e => e.SubjectUserId == id)));
        Assert.Equal(mail, app.With(db => db.Outbox.Count()));
        Assert.Equal(email, app.With(db => db.Users.AsNoTracking().Single(u => u.Id == id).Email));
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/Families")).StatusCode);
    }

    [Fact]
    public async Task A_partner_account_moved_to_another_organisation_is_read_by_both_and_each_change_says_before_and_after()
    {
        await app.PartnerServiceAsync();
        var otherOrganization = app.With(db => db.Users.Single(u => u.Email == ReferralApp.OtherPartnerEmail).OrganizationId!.Value);
        var (fromName, toName) = app.With(db => (db.Organizations.Single(o => o.Id == PartnerOrganization).Name, db.Organizations.Single(o => o.Id == otherOrganization).Name));
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var email = Unique("partenaire");
        Assert.Equal(HttpStatusCode.Redirect, (await SaveUserAsync(admin, null, email, "Partenaire Mobile", Role.PartnerStaff, organization: PartnerOrganization)).StatusCode);
        var id = UserId(email);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveUserAsync(admin, id, email, "Partenaire Mobile", Role.PartnerStaff, organization: otherOrganization)).StatusCode);

        var entries = app.With(db => db.Audit.Where(e => e.SubjectUserId == id).OrderBy(e => e.Id).ToList());
        var removed = Assert.Single(entries, e => e.Change == AuditChange.PartnerAccessRemoved);
        Assert.Equal((PartnerOrganization, fromName, toName, false), (removed.OrganizationId!.Value, removed.Before, removed.After, removed.AwaitsAcknowledgement));
        var granted = entries.Where(e => e.Change == AuditChange.PartnerAccessGranted).ToList();
        Assert.Equal(2, granted.Count);
        Assert.Equal((otherOrganization, fromName, toName, true), (granted[1].OrganizationId!.Value, granted[1].Before, granted[1].After, granted[1].AwaitsAcknowledgement));
        Assert.All(entries, e => Assert.Equal(UserId(Seeder.AdminEmail), e.ActorId));

        var before = await ReferralApp.TextAsync(await app.SignedInAsync(Seeder.PartnerEmail), "/Organizations/AccessAudit");
        Assert.Contains("Accès à l’organisme retiré", before);
        Assert.DoesNotContain(email, Regex.Match(before, "<table[^>]*id=\"current\".*?</table>", RegexOptions.Singleline).Value);
        var after = await ReferralApp.TextAsync(await app.SignedInAsync(ReferralApp.OtherPartnerEmail), "/Organizations/AccessAudit");
        Assert.Contains(email, Regex.Match(after, "<table[^>]*id=\"current\".*?</table>", RegexOptions.Singleline).Value);
    }

    [Fact]
    public async Task Deactivating_and_reactivating_an_agent_is_read_by_its_css_and_the_reactivation_awaits_acknowledgement()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var (id, _) = await NewAgentAsync(admin, "Agente Pause");
        foreach (var handler in new[] { "Deactivate", "Reactivate" })
        {
            Tick();
            var response = await AppFactory.PostFormAsync(admin, $"/Admin/Users?handler={handler}", new() { ["id"] = id.ToString() }, formPage: "/Admin/Users");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        var entries = app.With(db => db.Audit.Where(e => e.SubjectUserId == id && (e.Change == AuditChange.Deactivated || e.Change == AuditChange.Reactivated))
            .OrderBy(e => e.Id).Select(e => new { e.Change, e.ServiceCentreId, e.AwaitsAcknowledgement }).ToList());
        Assert.Equal([AuditChange.Deactivated, AuditChange.Reactivated], entries.Select(e => e.Change));
        Assert.All(entries, e => Assert.Equal(Centre, e.ServiceCentreId));
        Assert.Equal([false, true], entries.Select(e => e.AwaitsAcknowledgement));
    }
}
