using System.Net;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests.Referrals;

/// <summary>
/// Every role against every family, referral and inbox page and handler, on records of the demo agent's school sent to
/// the demo partner: only those two reach them; the other school's agent, the other organisation's staff, the CSS
/// coordinator and the admin are refused (403 by role, 404 by record) and nothing changes.
/// </summary>
public class ReferralAuthorizationTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    static readonly string[] Everyone = [Seeder.AgentEmail, ReferralApp.OtherAgentEmail, Seeder.PartnerEmail, ReferralApp.OtherPartnerEmail, Seeder.CssEmail, Seeder.AdminEmail];

    sealed record Records(Guid Family, Guid Referral, Guid Consent, Guid Service);

    static readonly string[] Agents = [Seeder.AgentEmail, ReferralApp.OtherAgentEmail];
    static readonly string[] Partners = [Seeder.PartnerEmail, ReferralApp.OtherPartnerEmail];

    /// <summary>Which roles a page's folder policy admits: anyone else is refused by role before any record is read.</summary>
    static string[] AdmittedBy(string url) =>
        url.StartsWith("/Referrals/Details") ? [.. Agents, .. Partners]
        : url.StartsWith("/Inbox") ? Partners
        : Agents;

    /// <summary>Refused by role: the access-denied page (403).</summary>
    static void AssertDeniedByRole(HttpResponseMessage response, string what)
    {
        Assert.True(HttpStatusCode.Redirect == response.StatusCode, $"{what}: {response.StatusCode}");
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
    }

    Records? records;

    async Task<Records> RecordsAsync()
    {
        if (records is not null) return records;
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, "Matrix", "514-555-0177");
        var organization = app.With(db => db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId!.Value);
        await app.ConsentAsync(agent, family, organization);
        var referral = await app.ReferOkAsync(agent, family, service);
        return records = new Records(family, referral, app.With(db => db.Consents.Single(c => c.FamilyId == family).Id), service);
    }

    public static TheoryData<string, string> Reads()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in new[] { "family", "family-edit", "family-export", "consent", "referral", "sheet", "refer", "families", "referrals", "inbox" })
            foreach (var email in Everyone)
                data.Add(page, email);
        return data;
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Reads_are_allowed_only_to_the_school_agent_and_the_receiving_partner(string page, string email)
    {
        var r = await RecordsAsync();
        var (url, allowed) = page switch
        {
            "family" => ($"/Families/Details/{r.Family}", new[] { Seeder.AgentEmail }),
            "family-edit" => ($"/Families/Edit/{r.Family}", [Seeder.AgentEmail]),
            "family-export" => ($"/Families/Details/{r.Family}?handler=Export", [Seeder.AgentEmail]),
            "consent" => ($"/Families/Consent?familyId={r.Family}", [Seeder.AgentEmail]),
            "referral" => ($"/Referrals/Details/{r.Referral}", [Seeder.AgentEmail, Seeder.PartnerEmail]),
            "sheet" => ($"/Referrals/Sheet/{r.Referral}", [Seeder.AgentEmail]),
            "refer" => ($"/Referrals/New?serviceId={r.Service}", [Seeder.AgentEmail, ReferralApp.OtherAgentEmail]),
            "families" => ("/Families", [Seeder.AgentEmail, ReferralApp.OtherAgentEmail]),
            "referrals" => ("/Referrals", [Seeder.AgentEmail, ReferralApp.OtherAgentEmail]),
            _ => ("/Inbox", [Seeder.PartnerEmail, ReferralApp.OtherPartnerEmail]),
        };
        var client = await app.SignedInAsync(email);
        var response = await client.GetAsync(url);
        var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        if (allowed.Contains(email))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }
        // Admitted by role but not theirs: the record does not exist for them (404).
        if (AdmittedBy(url).Contains(email)) Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        else AssertDeniedByRole(response, $"{email} {url}");
        Assert.DoesNotContain("514-555-0177", body);
        // Lists show other people's records to no one: the other agent's and partner's lists do not name this family.
        Assert.DoesNotContain("Matrix", body);
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task Writes_by_anyone_else_are_refused_and_change_nothing(string handler, string email)
    {
        var r = await RecordsAsync();
        var client = await app.SignedInAsync(email);
        var version = app.VersionOf(r.Referral);
        var (url, form) = handler switch
        {
            "move" => ($"/Referrals/Details/{r.Referral}", new Dictionary<string, string> { ["Input.Version"] = version.ToString(), ["Input.Action"] = "Cancelled", ["Input.Reason"] = "CancelledByAgent" }),
            "acknowledge" => ($"/Referrals/Details/{r.Referral}", new() { ["Input.Version"] = version.ToString(), ["Input.Action"] = "Acknowledged" }),
            "note" => ($"/Referrals/Details/{r.Referral}", new() { ["Input.Action"] = "Note", ["Input.Note"] = "intrusion" }),
            "withdraw" => ($"/Families/Details/{r.Family}?handler=WithdrawConsent", new() { ["consentId"] = r.Consent.ToString() }),
            "edit" => ($"/Families/Edit/{r.Family}", new() { ["Input.Reference"] = "Hijacked", ["Input.SchoolId"] = app.AgentSchool().ToString(), ["Input.PreferredLanguage"] = "fr", ["Input.Channels"] = "PaperNote" }),
            "consent" => ($"/Families/Consent?familyId={r.Family}", new() { ["Input.GivenBy"] = "x", ["Input.Method"] = "Verbal", ["Input.GivenOn"] = "2026-01-01", ["Input.ExpiresOn"] = "2026-06-01", ["Input.Purpose"] = "x", ["Input.AnyOrganization"] = "true" }),
            _ => ($"/Referrals/New?serviceId={r.Service}", new() { ["Input.FamilyId"] = r.Family.ToString(), ["Input.Kind"] = "WarmHandoff", ["Input.NeedIds"] = app.With(db => db.NeedCategories.First().Id).ToString(), ["Input.ShareContact"] = "false", ["Input.ConfirmDuplicate"] = "true" }),
        };
        var referralsBefore = app.With(db => db.Referrals.Count(x => x.FamilyId == r.Family));
        var response = await AppFactory.PostFormAsync(client, url, form, formPage: "/Account/AccessDenied");
        if (handler == "acknowledge")
        {
            // The school's own agent may post to the referral, but the partner's step is refused by the state machine.
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal($"/Referrals/Details/{r.Referral}", response.Headers.Location!.OriginalString);
            Assert.Equal("Cette étape revient à l'autre partie.", ReferralApp.Error(await ReferralApp.TextAsync(client, $"/Referrals/Details/{r.Referral}")));
        }
        else if (!AdmittedBy(url).Contains(email)) AssertDeniedByRole(response, $"{email} {handler}");
        // Another school's agent may refer a family, just not this one: the form answers that the family is not theirs.
        else if (handler == "refer") Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        else Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(version, app.VersionOf(r.Referral));
        Assert.Equal(ReferralState.Sent, app.StateOf(r.Referral));
        Assert.False(app.With(db => db.ReferralNotes.Any(n => n.ReferralId == r.Referral)));
        Assert.Null(app.With(db => db.Consents.Single(c => c.Id == r.Consent).WithdrawnAt));
        Assert.Equal("Matrix", app.With(db => db.Families.Single(f => f.Id == r.Family).Reference));
        Assert.Equal(1, app.With(db => db.Consents.Count(c => c.FamilyId == r.Family)));
        Assert.Equal(referralsBefore, app.With(db => db.Referrals.Count(x => x.FamilyId == r.Family)));
    }

    public static TheoryData<string, string> Writers()
    {
        var data = new TheoryData<string, string>();
        foreach (var handler in new[] { "move", "note", "withdraw", "edit", "consent", "refer" })
            foreach (var email in new[] { ReferralApp.OtherAgentEmail, ReferralApp.OtherPartnerEmail, Seeder.CssEmail, Seeder.AdminEmail })
                data.Add(handler, email);
        foreach (var email in new[] { Seeder.AgentEmail })
            data.Add("acknowledge", email);
        return data;
    }
}
