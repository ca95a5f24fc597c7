using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests.Referrals;

/// <summary>A clock the tests move (business days, reminders, retention).</summary>
public sealed class TestClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>Moves the clock until the returned handle is disposed, even when the test fails on the way.</summary>
    public IDisposable Travel(DateTimeOffset to)
    {
        var before = Now;
        Now = to;
        return new Return(this, before);
    }

    sealed class Return(TestClock clock, DateTimeOffset before) : IDisposable
    {
        public void Dispose() => clock.Now = before;
    }
}

/// <summary>
/// The app with a movable clock and, beside the demo users, a second agent (another school of the same CSS) and a
/// second partner (another organisation): the people who must not see the first ones' records.
/// </summary>
public class ReferralApp : AppFactory
{
    public const string OtherAgentEmail = "agent2@test.local";
    public const string OtherPartnerEmail = "partner2@test.local";

    public TestClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    readonly SemaphoreSlim once = new(1, 1);
    bool ready;

    /// <summary>Creates the extra users once; returns the partner's service that referrals go to.</summary>
    public async Task<Guid> PartnerServiceAsync()
    {
        await once.WaitAsync();
        try
        {
            if (!ready)
            {
                using var scope = Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
                var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
                var agent = await db.Users.Include(u => u.Schools).SingleAsync(u => u.Email == Seeder.AgentEmail);
                var partner = await db.Users.SingleAsync(u => u.Email == Seeder.PartnerEmail);
                var otherSchool = await db.Schools.Where(s => s.ServiceCentreId == agent.ServiceCentreId && !agent.Schools.Select(a => a.SchoolId).Contains(s.Id))
                    .OrderBy(s => s.Code).Select(s => s.Id).FirstAsync();
                var otherOrganization = await db.Organizations.Where(o => o.Id != partner.OrganizationId && o.Services.Any(s => !s.IsRemote))
                    .OrderBy(o => o.Name).Select(o => o.Id).FirstAsync();
                await CreateAsync(users, OtherAgentEmail, Role.Agent, u => { u.ServiceCentreId = agent.ServiceCentreId; u.Schools.Add(new UserSchool { UserId = u.Id, SchoolId = otherSchool }); });
                await CreateAsync(users, OtherPartnerEmail, Role.PartnerStaff, u => u.OrganizationId = otherOrganization);
                ready = true;
            }
        }
        finally
        {
            once.Release();
        }
        return With(db =>
        {
            var organization = db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId;
            return db.Services.Where(s => s.OrganizationId == organization && s.Status == Core.Catalogue.ServiceStatus.Active).OrderBy(s => s.Name).First().Id;
        });
    }

    static async Task CreateAsync(UserManager<User> users, string email, Role role, Action<User> attach)
    {
        var user = new User { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        attach(user);
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role.ToString())).Succeeded);
    }

    public Guid AgentSchool() => With(db => db.Users.Where(u => u.Email == Seeder.AgentEmail).SelectMany(u => u.Schools).OrderBy(s => s.SchoolId).First().SchoolId);

    /// <summary>Records a family through the form; returns its id.</summary>
    public async Task<Guid> NewFamilyAsync(HttpClient agent, string reference, string phone = "514-555-0199")
    {
        var needs = With(db => db.NeedCategories.OrderBy(c => c.SortOrder).Select(c => c.Id).Take(2).ToList());
        var response = await PostFormAsync(agent, "/Families/Edit", new()
        {
            ["Input.Reference"] = reference, ["Input.SchoolId"] = AgentSchool().ToString(), ["Input.Phone"] = phone,
            ["Input.Email"] = "famille@example.org", ["Input.PreferredLanguage"] = "es", ["Input.InterpreterNeeded"] = "true",
            ["Input.Channels"] = "Phone", ["Input.Times"] = "Evenings", ["Input.NeedIds"] = needs[0].ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    public async Task ConsentAsync(HttpClient agent, Guid familyId, Guid organizationId)
    {
        var today = QuebecTime.Today(Clock);
        var response = await PostFormAsync(agent, $"/Families/Consent?familyId={familyId}", new()
        {
            ["Input.GivenBy"] = "mère", ["Input.Method"] = "Verbal", ["Input.GivenOn"] = today.ToString("yyyy-MM-dd"),
            ["Input.ExpiresOn"] = today.AddMonths(6).ToString("yyyy-MM-dd"), ["Input.Purpose"] = "Aide alimentaire",
            ["Input.AnyOrganization"] = "false", ["Input.OrganizationIds"] = organizationId.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public async Task<HttpResponseMessage> ReferAsync(HttpClient agent, Guid familyId, Guid serviceId, bool share = true, string message = "Famille de 4, besoin urgent", string kind = "WarmHandoff", bool confirm = false)
    {
        var need = With(db => db.ServiceCategories.Where(c => c.ServiceId == serviceId).Select(c => c.NeedCategoryId).First());
        return await PostFormAsync(agent, $"/Referrals/New?serviceId={serviceId}", new()
        {
            ["Input.FamilyId"] = familyId.ToString(), ["Input.Kind"] = kind, ["Input.NeedIds"] = need.ToString(),
            ["Input.Message"] = message, ["Input.Urgency"] = "Soon", ["Input.ShareContact"] = share ? "true" : "false",
            ["Input.FollowUpOn"] = QuebecTime.Today(Clock).AddDays(7).ToString("yyyy-MM-dd"), ["Input.SheetLanguage"] = "en",
            ["Input.ConfirmDuplicate"] = confirm ? "true" : "false",
        });
    }

    public async Task<Guid> ReferOkAsync(HttpClient agent, Guid familyId, Guid serviceId, bool share = true, string message = "Famille de 4, besoin urgent")
    {
        var response = await ReferAsync(agent, familyId, serviceId, share, message, confirm: true);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    public Guid VersionOf(Guid referralId) => With(db => db.Referrals.Single(r => r.Id == referralId).Version);

    public ReferralState StateOf(Guid referralId) => With(db => db.Referrals.Single(r => r.Id == referralId).State);

    /// <summary>Posts the referral page's action panel: a step (its name) or "Note", with a reason and a note.</summary>
    public static Task<HttpResponseMessage> ActAsync(HttpClient client, Guid referralId, Guid version, string action, string? reason = null, string note = "") =>
        PostFormAsync(client, $"/Referrals/Details/{referralId}", new()
        {
            ["Input.Version"] = version.ToString(), ["Input.Action"] = action, ["Input.Reason"] = reason ?? "", ["Input.Note"] = note,
        }, formPage: $"/Referrals/Details/{referralId}");

    public static Task<HttpResponseMessage> MoveAsync(HttpClient client, Guid referralId, Guid version, ReferralState to, string? reason = null, string note = "") =>
        ActAsync(client, referralId, version, to.ToString(), reason, note);

    /// <summary>A note alone, through the same panel (no version needed: a note changes no state).</summary>
    public static Task<HttpResponseMessage> NoteAsync(HttpClient client, Guid referralId, string text) =>
        ActAsync(client, referralId, Guid.Empty, "Note", note: text);

    public static async Task<string> TextAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    public static string Error(string html) => Regex.Match(html, "id=\"referral-error\">([^<]*)<").Groups[1].Value;

    /// <summary>The panel's messages when it is shown again with what was typed (a field the rules refused).</summary>
    public static string PanelErrors(string html) => WebUtility.HtmlDecode(Regex.Match(html, "id=\"action-errors\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value);
}
