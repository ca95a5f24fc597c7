using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Notifications;
using PartnerNetwork.Core.Privacy;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Jobs;
using PartnerNetwork.Web.Mail;

namespace PartnerNetwork.Web.Tests.Referrals;

/// <summary>Every log line the app writes, at every level, with its fields and scopes: what a log collector would keep.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    IExternalScopeProvider? scopes;

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new System.Text.StringBuilder($"{category}: {formatter(state, exception)} {exception}");
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs) foreach (var p in pairs) line.Append($" {p.Key}={p.Value}");
            owner.scopes?.ForEachScope((scope, text) =>
            {
                text.Append($" [{scope}]");
                if (scope is IEnumerable<KeyValuePair<string, object?>> values) foreach (var v in values) text.Append($" {v.Key}={v.Value}");
            }, line);
            owner.Lines.Enqueue(line.ToString());
        }
    }
}

/// <summary>Keeps what the outbox sends, instead of a mail server.</summary>
public sealed class MemoryTransport : IMailTransport
{
    public ConcurrentQueue<OutboxMessage> Sent { get; } = new();

    public Task SendAsync(OutboxMessage message, CancellationToken cancel)
    {
        Sent.Enqueue(message);
        return Task.CompletedTask;
    }
}

/// <summary>The referral app with every log line captured and mail kept in memory.</summary>
public sealed class LinkApp : ReferralApp
{
    public LogCapture Logs { get; } = new();
    public MemoryTransport Mail { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<LogCapture>(null, LogLevel.Trace));
        builder.ConfigureServices(services => services.AddSingleton<IMailTransport>(Mail));
    }

    public async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> job)
    {
        await using var scope = Services.CreateAsyncScope();
        return await job(scope.ServiceProvider);
    }

    /// <summary>An active in-person service of an organisation that has no account, with an address to write to.</summary>
    public (Guid Service, Guid Organization, string Email) ServiceWithoutAccounts() => With(db => db.Services
        .Where(s => s.Status == ServiceStatus.Active && !s.IsRemote && s.Categories.Any()
                    && (s.ReferralEmail != null || s.Organization!.Email != null)
                    && !db.Users.Any(u => u.OrganizationId == s.OrganizationId))
        .OrderBy(s => s.Name).Select(s => new { s.Id, s.OrganizationId, Email = s.ReferralEmail ?? s.Organization!.Email! })
        .AsEnumerable().Select(s => (s.Id, s.OrganizationId, s.Email)).First());

    /// <summary>
    /// The token of a referral link e-mailed about <paramref name="referral"/> and not revoked (read before the outbox
    /// sends it; the test clock stands still, so the mails' times cannot tell the newest).
    /// </summary>
    public string TokenFor(Guid referral) => With(db =>
    {
        var bodies = db.Outbox.Where(m => m.ReferralId == referral && m.Body.Contains("/l/")).Select(m => m.Body).ToList();
        var revoked = db.EmailLinks.Where(l => l.ReferralId == referral && l.RevokedAt != null).Select(l => l.TokenHash).ToList();
        return bodies.Select(b => Regex.Match(b, "/l/([A-Za-z0-9_-]{43})").Groups[1].Value)
            .First(t => t.Length > 0 && !revoked.Any(h => h.SequenceEqual(EmailLink.Hash(t))));
    });
}

/// <summary>
/// Referral by secure link (issue 19): a partner without an account acts on one referral from its e-mail; the token is
/// scoped, expiring, revocable, never logged, and any token that does not open a referral gets the same 404.
/// </summary>
public class ReferralLinkTests(LinkApp app) : IClassFixture<LinkApp>
{
    static Task<HttpResponseMessage> LinkMoveAsync(HttpClient client, string token, Guid version, ReferralState to, string? reason = null, string note = "") =>
        AppFactory.PostFormAsync(client, $"/l/{token}", new()
        {
            ["Input.Version"] = version.ToString(), ["Input.Action"] = to.ToString(), ["Input.Reason"] = reason ?? "", ["Input.Note"] = note,
        }, formPage: $"/l/{token}");

    static Task<HttpResponseMessage> LinkNoteAsync(HttpClient client, string token, string text) =>
        AppFactory.PostFormAsync(client, $"/l/{token}", new() { ["Input.Action"] = "Note", ["Input.Note"] = text }, formPage: $"/l/{token}");

    async Task<(Guid Referral, Guid Family, string Token, string Email, HttpClient Agent)> ReferAsync(string reference, string phone, bool consent = true)
    {
        await app.PartnerServiceAsync();
        var (service, organization, email) = app.ServiceWithoutAccounts();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, reference, phone);
        if (consent) await app.ConsentAsync(agent, family, organization);
        var referral = await app.ReferOkAsync(agent, family, service, share: consent);
        return (referral, family, app.TokenFor(referral), email, agent);
    }

    [Fact]
    public async Task A_partner_without_an_account_acts_on_the_referral_from_the_link_and_the_agent_sees_each_step_via_link()
    {
        var (referral, family, token, email, agent) = await ReferAsync("Lina-Link", "514-555-0141");
        var mail = app.With(db => db.Outbox.Single(m => m.ReferralId == referral && m.To == email));
        Assert.Contains($"/l/{token}", mail.Body);
        Assert.Contains($"/Referrals/Details/{referral}", mail.Body);
        var link = app.With(db => db.EmailLinks.Single(l => l.ReferralId == referral));
        Assert.Equal(EmailLink.Hash(token), link.TokenHash);
        Assert.Equal(EmailLinkPurpose.Referral, link.Purpose);
        Assert.Null(link.ExpiresAt);

        var partner = app.Client(follow: false);
        var opened = await partner.GetAsync($"/l/{token}");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal("no-referrer", opened.Headers.GetValues("Referrer-Policy").Single());
        var page = WebUtility.HtmlDecode(await opened.Content.ReadAsStringAsync());
        Assert.Contains("514-555-0141", page);
        Assert.Contains("Famille de 4, besoin urgent", page);
        Assert.Contains("Interprète requis", page);
        // Nothing to navigate to, nothing from elsewhere.
        Assert.DoesNotContain("href=\"/Catalogue", page);
        Assert.DoesNotContain("<script", page);
        Assert.DoesNotMatch("(src|href)=\"https?://", page);
        // Opening it changed nothing (mail scanners open every link), but the contact seen is logged "via link".
        Assert.Equal(ReferralState.Sent, app.StateOf(referral));
        Assert.True(app.With(db => db.AccessLog.Any(e => e.FamilyId == family && e.ReferralId == referral && e.UserId == null && e.ViaEmail == email)));

        foreach (var (to, reason) in new (ReferralState, string?)[]
                 {
                     (ReferralState.Acknowledged, null), (ReferralState.Accepted, null), (ReferralState.InProgress, null), (ReferralState.Completed, "NeedMet"),
                 })
        {
            var moved = await LinkMoveAsync(partner, token, app.VersionOf(referral), to, reason);
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
            Assert.Equal($"/l/{token}", moved.Headers.Location!.OriginalString);
            Assert.Equal(to, app.StateOf(referral));
        }
        var events = app.With(db => db.ReferralEvents.Where(e => e.ReferralId == referral && e.From != null).ToList());
        Assert.Equal(4, events.Count);
        Assert.All(events, e => Assert.True(e.Actor == ReferralActor.PartnerByLink && e.ActorId is null && e.ViaEmail == email));
        Assert.Equal(4, app.With(db => db.Outbox.Count(m => m.ReferralId == referral && m.To == Seeder.AgentEmail)));

        var timeline = await ReferralApp.TextAsync(agent, $"/Referrals/Details/{referral}");
        Assert.Equal(4, Regex.Matches(timeline, Regex.Escape($"via lien, {email}")).Count);

        // Closed: the page still shows how it ended, read-only, and refuses a note.
        var closed = await ReferralApp.TextAsync(partner, $"/l/{token}");
        Assert.Contains("link-read-only", closed);
        Assert.DoesNotContain("id=\"action-panel\"", closed);
        var note = await LinkNoteAsync(partner, token, "Trop tard");
        Assert.Equal(HttpStatusCode.Redirect, note.StatusCode);
        Assert.False(app.With(db => db.ReferralNotes.Any(n => n.ReferralId == referral)));
    }

    [Fact]
    public async Task Notes_through_the_link_join_the_thread_signed_with_the_links_address()
    {
        var (referral, _, token, email, agent) = await ReferAsync("Noor-Note", "514-555-0142");
        var partner = app.Client(follow: false);
        var posted = await LinkNoteAsync(partner, token, "Nous appelons demain soir.");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var note = app.With(db => db.ReferralNotes.Single(n => n.ReferralId == referral));
        Assert.Equal((null, ReferralActor.PartnerByLink, email), (note.AuthorId, note.Author, note.ViaEmail));
        var seen = await ReferralApp.TextAsync(agent, $"/Referrals/Details/{referral}");
        Assert.Contains("Nous appelons demain soir.", seen);
        Assert.Contains($"via lien, {email}", seen);
    }

    [Fact]
    public async Task A_token_opens_only_its_own_referral_of_its_own_organisation()
    {
        var a = await ReferAsync("Ana-A", "514-555-0143");
        var b = await ReferAsync("Bea-B", "514-555-0144");
        Assert.NotEqual(a.Token, b.Token);
        var partner = app.Client(follow: false);

        // The form names no referral: what A's token acts on is A, whatever version of B is posted.
        var moved = await LinkMoveAsync(partner, a.Token, app.VersionOf(b.Referral), ReferralState.Acknowledged);
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(ReferralState.Sent, app.StateOf(b.Referral));
        Assert.Equal(ReferralState.Sent, app.StateOf(a.Referral));
        var page = await ReferralApp.TextAsync(partner, $"/l/{a.Token}");
        Assert.Contains("514-555-0143", page);
        Assert.DoesNotContain("514-555-0144", page);

        // A link row whose organisation is not the referral's (another organisation's link) opens nothing.
        var other = app.With(db => db.Organizations.Where(o => o.Id != db.Referrals.Single(r => r.Id == a.Referral).OrganizationId).Select(o => o.Id).First());
        var (foreign, foreignToken) = EmailLink.Issue(EmailLinkPurpose.Referral, other, "autre@example.org", app.Clock.GetUtcNow().UtcDateTime, null, a.Referral);
        await app.WithAsync(async db => { db.EmailLinks.Add(foreign); await db.SaveChangesAsync(); });
        Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync($"/l/{foreignToken}")).StatusCode);
        var post = await AppFactory.PostFormAsync(partner, $"/l/{foreignToken}",
            new() { ["Input.Version"] = app.VersionOf(a.Referral).ToString(), ["Input.Action"] = "Acknowledged" }, formPage: $"/l/{a.Token}");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(ReferralState.Sent, app.StateOf(a.Referral));
        // A listing-verification link is not a referral link, even for the right organisation.
        var organization = app.With(db => db.Referrals.Single(r => r.Id == a.Referral).OrganizationId);
        var (listing, listingToken) = EmailLink.Issue(EmailLinkPurpose.ListingVerification, organization, a.Email, app.Clock.GetUtcNow().UtcDateTime, null, a.Referral);
        await app.WithAsync(async db => { db.EmailLinks.Add(listing); await db.SaveChangesAsync(); });
        Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync($"/l/{listingToken}")).StatusCode);
    }

    [Fact]
    public async Task Tampered_unknown_revoked_and_expired_tokens_get_the_same_404_and_a_closed_referral_stays_readable_for_the_period()
    {
        var (referral, _, token, _, agent) = await ReferAsync("Tara-Tamper", "514-555-0145");
        var partner = app.Client(follow: false);
        var unknown = await partner.GetAsync($"/l/{new string('A', 43)}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        // The same page but for the per-request antiforgery value of the language switch.
        static string Body(string html) => Regex.Replace(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "");
        var expected = Body(await unknown.Content.ReadAsStringAsync());
        async Task NotFoundAsync(string path)
        {
            var response = await partner.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(expected, Body(await response.Content.ReadAsStringAsync()));
        }
        await NotFoundAsync($"/l/{(token[0] == 'x' ? 'y' : 'x')}{token[1..]}");
        await NotFoundAsync($"/l/{token[..^1]}");
        await NotFoundAsync($"/l/{token}%27%20OR%201=1");

        // The agent sends a new link: the old one stops at once, the new one works.
        var replaced = await AppFactory.PostFormAsync(agent, $"/Referrals/Details/{referral}?handler=NewLink", new(), formPage: $"/Referrals/Details/{referral}");
        Assert.Equal(HttpStatusCode.Redirect, replaced.StatusCode);
        await NotFoundAsync($"/l/{token}");
        var moved = await LinkMoveAsync(partner, token, app.VersionOf(referral), ReferralState.Acknowledged);
        Assert.Equal(HttpStatusCode.NotFound, moved.StatusCode);
        Assert.Equal(ReferralState.Sent, app.StateOf(referral));
        var fresh = app.TokenFor(referral);
        Assert.NotEqual(token, fresh);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/l/{fresh}")).StatusCode);
        var agentId = app.With(db => db.Users.Single(u => u.Email == Seeder.AgentEmail).Id);
        Assert.Equal(agentId, app.With(db => db.EmailLinks.Single(l => l.TokenHash == EmailLink.Hash(token)).RevokedById));

        // Another agent of the same CSS (not the referral's school) cannot replace the links.
        var otherAgent = await app.SignedInAsync(ReferralApp.OtherAgentEmail);
        var refused = await AppFactory.PostFormAsync(otherAgent, $"/Referrals/Details/{referral}?handler=NewLink", new(), formPage: $"/Referrals/Details/{referral}");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);

        // Closed (cancelled by the agent): readable, read-only, for the configured days after closing; then 404.
        var cancelled = await ReferralApp.MoveAsync(agent, referral, app.VersionOf(referral), ReferralState.Cancelled, "CancelledByAgent");
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        var closedAt = app.With(db => db.Referrals.Single(r => r.Id == referral).ClosedAt!.Value);
        using (app.Clock.Travel(new DateTimeOffset(closedAt.AddDays(ReferralLink.DefaultDaysAfterClose).AddMinutes(-1), TimeSpan.Zero)))
            Assert.Contains("link-read-only", await ReferralApp.TextAsync(partner, $"/l/{fresh}"));
        using (app.Clock.Travel(new DateTimeOffset(closedAt.AddDays(ReferralLink.DefaultDaysAfterClose), TimeSpan.Zero)))
            await NotFoundAsync($"/l/{fresh}");
    }

    [Fact]
    public async Task Withdrawing_consent_hides_the_contact_on_the_link_page_at_once()
    {
        var (referral, family, token, _, agent) = await ReferAsync("Wafa-Withdraw", "514-555-0146");
        var partner = app.Client(follow: false);
        Assert.Contains("514-555-0146", await ReferralApp.TextAsync(partner, $"/l/{token}"));

        var consent = app.With(db => db.Consents.Single(c => c.FamilyId == family).Id);
        var withdrawn = await AppFactory.PostFormAsync(agent, $"/Families/Details/{family}?handler=WithdrawConsent",
            new() { ["consentId"] = consent.ToString() }, formPage: $"/Families/Details/{family}");
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);

        var seen = await ReferralApp.TextAsync(partner, $"/l/{token}");
        Assert.DoesNotContain("514-555-0146", seen);
        Assert.DoesNotContain("Wafa-Withdraw", seen);
        Assert.Contains("contact-hidden", seen);
        Assert.Contains("link-read-only", seen); // the withdrawal cancelled it
        Assert.Equal(ReferralState.Cancelled, app.StateOf(referral));
    }

    [Fact]
    public async Task The_acknowledgement_reminder_carries_a_link_that_opens_the_same_referral()
    {
        var (referral, _, first, email, _) = await ReferAsync("Rita-Remind", "514-555-0147");
        using (app.Clock.Travel(app.Clock.Now.AddDays(8)))
        {
            await app.RunAsync(s => s.GetRequiredService<ReminderJob>().RemindAsync());
            var reminder = app.With(db => db.Outbox.Where(m => m.ReferralId == referral && m.To == email).OrderByDescending(m => m.CreatedAt).First());
            Assert.StartsWith("Rappel", reminder.Subject);
            var token = Regex.Match(reminder.Body, "/l/([A-Za-z0-9_-]{43})").Groups[1].Value;
            Assert.NotEqual(first, token);
            var partner = app.Client(follow: false);
            Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/l/{token}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/l/{first}")).StatusCode);
        }
    }

    [Fact]
    public async Task Claiming_the_listing_from_the_link_lets_an_admin_create_the_organisations_first_account_with_an_audit_entry()
    {
        var (referral, _, token, email, _) = await ReferAsync("Cleo-Claim", "514-555-0148");
        var partner = app.Client(follow: false);
        var empty = await AppFactory.PostFormAsync(partner, $"/l/{token}?handler=Claim", new() { ["name"] = " " }, formPage: $"/l/{token}");
        Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        Assert.False(app.With(db => db.ListingClaims.Any(c => c.ReferralId == referral)));

        var claimed = await AppFactory.PostFormAsync(partner, $"/l/{token}?handler=Claim", new() { ["name"] = "Claire Bénévole", ["message"] = "Coordonnatrice" }, formPage: $"/l/{token}");
        Assert.Equal(HttpStatusCode.Redirect, claimed.StatusCode);
        var claim = app.With(db => db.ListingClaims.Single(c => c.ReferralId == referral));
        Assert.Equal((email, "Claire Bénévole"), (claim.Email, claim.Name));
        Assert.Contains("claim-pending", await ReferralApp.TextAsync(partner, $"/l/{token}"));

        // Only admins see the requests.
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        Assert.NotEqual(HttpStatusCode.OK, (await agent.GetAsync("/Admin/Links")).StatusCode);
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var list = await ReferralApp.TextAsync(admin, "/Admin/Links");
        Assert.Contains(email, list);
        Assert.DoesNotContain("514-555-0148", list);
        Assert.DoesNotContain("Cleo-Claim", list);
        // The test clock stands still: a minute later, the set-password mail is the newest to this address.
        app.Clock.Now = app.Clock.Now.AddMinutes(1);
        var approved = await AppFactory.PostFormAsync(admin, "/Admin/Links?handler=Approve", new() { ["id"] = claim.Id.ToString() }, formPage: "/Admin/Links");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        var user = app.With(db => db.Users.Single(u => u.Email == email));
        Assert.Equal(claim.OrganizationId, user.OrganizationId);
        Assert.True(app.With(db => db.UserRoles.Any(r => r.UserId == user.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == nameof(Role.PartnerStaff)))));
        // The grant and its set-password link, filed with the organisation, which reads them on its own page.
        Assert.True(app.With(db => db.Audit.Any(a => a.SubjectUserId == user.Id && a.Change == AuditChange.PartnerAccessGranted && a.OrganizationId == claim.OrganizationId)));
        Assert.True(app.With(db => db.Audit.Any(a => a.SubjectUserId == user.Id && a.Change == AuditChange.SetPasswordLinkSent)));
        Assert.True(app.With(db => db.ListingClaims.Single(c => c.Id == claim.Id).Approved == true));
        await app.ChoosePasswordFromMailAsync(email, "Nouveau-Passw0rd!long");
        var staff = await app.SignedInAsync(email, "Nouveau-Passw0rd!long");
        Assert.Contains(referral.ToString(), await ReferralApp.TextAsync(staff, "/Inbox"));
        // Both paths coexist: the link still works, and now points to the inbox instead of offering a claim.
        var page = await ReferralApp.TextAsync(partner, $"/l/{token}");
        Assert.DoesNotContain("claim-form", page);
    }

    /// <summary>
    /// Speed, counted rather than timed (timings belong to the benchmarks): the link page costs the database about what
    /// the partner's own referral page does for the same referral, whose organisation has accounts and links both.
    /// </summary>
    [Fact]
    public async Task The_link_page_costs_the_database_what_the_partners_own_referral_page_does()
    {
        var service = await app.PartnerServiceAsync();
        var organization = app.With(db => db.Services.Single(s => s.Id == service).OrganizationId);
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, "Sara-Speed", "514-555-0150");
        await app.ConsentAsync(agent, family, organization);
        var referral = await app.ReferOkAsync(agent, family, service);
        var token = app.TokenFor(referral);
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var anonymous = app.Client(follow: false);

        async Task<int> CommandsAsync(HttpClient client, string path)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode); // warm: compiled queries, caches
            var before = app.Logs.Lines.Count(l => l.StartsWith("Microsoft.EntityFrameworkCore.Database.Command: Executed DbCommand", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
            return app.Logs.Lines.Count(l => l.StartsWith("Microsoft.EntityFrameworkCore.Database.Command: Executed DbCommand", StringComparison.Ordinal)) - before;
        }
        var own = await CommandsAsync(partner, $"/Referrals/Details/{referral}");
        var byLink = await CommandsAsync(anonymous, $"/l/{token}");
        Assert.True(own > 0, "the capture saw the partner page's commands");
        Assert.True(byLink <= own + 2, $"link page {byLink} commands, partner's page {own}");
    }

    [Fact]
    public async Task No_token_appears_in_the_logs_of_a_full_run_nor_in_the_outbox_once_sent()
    {
        var (referral, _, token, _, agent) = await ReferAsync("Lou-Logs", "514-555-0149");
        var partner = app.Client(follow: false);
        await partner.GetAsync($"/l/{token}");
        await LinkMoveAsync(partner, token, app.VersionOf(referral), ReferralState.Acknowledged);
        await LinkNoteAsync(partner, token, "Bien reçu");
        await AppFactory.PostFormAsync(partner, "/Language", new() { ["culture"] = "en-CA", ["returnUrl"] = $"/l/{token}" }, formPage: $"/l/{token}");
        await partner.GetAsync($"/l/{token}?handler=Unknown");
        await AppFactory.PostFormAsync(agent, $"/Referrals/Details/{referral}?handler=NewLink", new(), formPage: $"/Referrals/Details/{referral}");
        var tokens = new[] { token, app.TokenFor(referral) };
        await partner.GetAsync($"/l/{tokens[1]}");
        Assert.True(await app.RunAsync(s => s.GetRequiredService<OutboxSender>().SendDueAsync()) > 0);

        // The capture saw the link requests (redacted), so its silence about the tokens means something.
        Assert.Contains(app.Logs.Lines, l => l.Contains("/l/[redacted]"));
        foreach (var t in tokens)
        {
            Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(t));
            Assert.DoesNotContain(app.With(db => db.Outbox.Where(m => m.ReferralId == referral).Select(m => m.Body).ToList()), b => b.Contains(t));
            Assert.DoesNotContain(app.With(db => db.ReferralEvents.Where(e => e.ReferralId == referral).Select(e => e.Note ?? "").ToList()), n => n.Contains(t));
        }
        // The e-mail itself carried them.
        Assert.Contains(app.Mail.Sent, m => m.Body.Contains(tokens[1]));
    }
}

/// <summary>The demo scenario: organisations without accounts answer its open warm handoffs by link.</summary>
public class ReferralLinkDemoTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public void The_demos_open_handoffs_to_organisations_without_accounts_have_links()
    {
        var (open, linked) = app.With(db =>
        {
            var waiting = db.Referrals.Where(r => r.Kind == ReferralKind.WarmHandoff && !ReferralWorkflow.FinalStates.Contains(r.State)
                                                  && !db.Users.Any(u => u.OrganizationId == r.OrganizationId)
                                                  && (r.Service!.ReferralEmail != null || r.Organization!.Email != null));
            return (waiting.Count(), waiting.Count(r => db.EmailLinks.Any(l => l.ReferralId == r.Id && l.Purpose == EmailLinkPurpose.Referral && l.OrganizationId == r.OrganizationId)));
        });
        Assert.True(open > 0);
        Assert.Equal(open, linked);
    }
}

/// <summary>Guessing at volume: wrong tokens are 404 until the per-address limit, then 429; never a server error.</summary>
public class ReferralLinkRateLimitTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_hundred_wrong_tokens_are_rate_limited_and_never_a_server_error()
    {
        var client = app.Client(follow: false);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 100; i++)
            statuses.Add((await client.GetAsync($"/l/{Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}")).StatusCode);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.NotFound or HttpStatusCode.TooManyRequests, s.ToString()));
        Assert.Equal(60, statuses.Count(s => s == HttpStatusCode.NotFound));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        var limited = await client.GetAsync($"/l/{new string('b', 43)}");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null);
        // Other pages are not limited by it.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync("/Account/SignIn")).StatusCode);
    }
}
