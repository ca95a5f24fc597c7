using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Tests.Referrals;

namespace PartnerNetwork.Web.Tests.Hardening;

/// <summary>Sessions that really end, admins who cannot reach families, and accounts that cannot be discovered.</summary>
[Trait("Database", "Both")]
public class SessionTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    static readonly string[] Homes = ["/Schools", "/Inbox", "/Schools/Centre", "/Admin/Users"];
    static readonly string[] Everyone = [Seeder.AgentEmail, Seeder.PartnerEmail, Seeder.CssEmail, Seeder.AdminEmail];

    static string CookieOf(HttpResponseMessage signIn) =>
        signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pn.auth=")).Split(';')[0];

    static async Task<HttpResponseMessage> GetWithCookieAsync(HttpClient client, string url, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    static void AssertSentToSignIn(HttpResponseMessage response, string what)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{what}: {response.StatusCode}");
        Assert.StartsWith("/Account/SignIn", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_cookie_saved_before_sign_out_is_refused_afterwards_for_every_role()
    {
        foreach (var (email, home) in Everyone.Zip(Homes))
        {
            var client = app.Client(follow: false);
            var cookie = CookieOf(await AppFactory.SignInAsync(client, email, AppFactory.Password));
            var bare = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(bare, home, cookie)).StatusCode);

            var signOut = await AppFactory.PostFormAsync(client, "/Account/SignOut", [], formPage: home);
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

            AssertSentToSignIn(await GetWithCookieAsync(bare, home, cookie), $"{email} replayed after sign-out");
        }
    }

    [Fact]
    public async Task Signing_out_ends_only_that_session()
    {
        var laptop = await app.SignedInAsync(Seeder.AgentEmail);
        var phone = await app.SignedInAsync(Seeder.AgentEmail);
        await AppFactory.PostFormAsync(laptop, "/Account/SignOut", [], formPage: "/Schools");
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/Schools")).StatusCode);
    }

    async Task<(Guid Id, string Email)> NewUserAsync(Role role)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        var id = Guid.NewGuid();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PartnerNetwork.Data.User>>();
        var db = scope.ServiceProvider.GetRequiredService<PartnerNetwork.Data.PartnerNetworkDb>();
        var user = new PartnerNetwork.Data.User { Id = id, UserName = email, Email = email, DisplayName = email, EmailConfirmed = true };
        var centre = db.ServiceCentres.Single(c => c.Code == "762000").Id;
        if (role is Role.Agent or Role.CssStaff) user.ServiceCentreId = centre;
        if (role == Role.Agent) user.Schools.Add(new PartnerNetwork.Data.UserSchool { UserId = id, SchoolId = app.AgentSchool() });
        if (role == Role.PartnerStaff) user.OrganizationId = db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId;
        Assert.True((await users.CreateAsync(user, AppFactory.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role.ToString())).Succeeded);
        return (id, email);
    }

    [Theory]
    [InlineData(Role.Agent, "/Families")]
    [InlineData(Role.PartnerStaff, "/Inbox")]
    [InlineData(Role.CssStaff, "/Schools/Centre")]
    [InlineData(Role.Admin, "/Admin/Users")]
    public async Task A_deactivated_user_loses_every_power_at_once(Role role, string home)
    {
        var (id, email) = await NewUserAsync(role);
        var session = await app.SignedInAsync(email);
        var cookie = CookieOf(await AppFactory.SignInAsync(app.Client(false), email, AppFactory.Password));
        var form = await session.GetStringAsync(home); // a form token from before the deactivation
        Assert.Contains("__RequestVerificationToken", form);

        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var deactivated = await AppFactory.PostFormAsync(admin, "/Admin/Users?handler=Deactivate", new() { ["id"] = id.ToString() }, formPage: "/Admin/Users");
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);

        AssertSentToSignIn(await session.GetAsync(home), "open session");
        AssertSentToSignIn(await GetWithCookieAsync(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }), home, cookie), "saved cookie");
        if (role == Role.Admin)
        {
            // With its old form token, the deactivated admin can neither create an admin nor reactivate itself.
            var token = AppFactory.AntiforgeryToken(form);
            var create = await session.PostAsync("/Admin/Users/Edit", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["Input.Email"] = "evil@test.local", ["Input.DisplayName"] = "x", ["Input.Role"] = "Admin",
            }));
            Assert.NotEqual(HttpStatusCode.OK, create.StatusCode);
            var reactivate = await session.PostAsync("/Admin/Users?handler=Reactivate", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["id"] = id.ToString(),
            }));
            Assert.NotEqual(HttpStatusCode.OK, reactivate.StatusCode);
            Assert.False(app.With(db => db.Users.Any(u => u.Email == "evil@test.local")));
            Assert.False(app.With(db => db.Users.AsNoTracking().Single(u => u.Id == id).IsActive));
        }
        Assert.Equal("Courriel ou mot de passe incorrect.", SignInError(await AppFactory.SignInAsync(app.Client(false), email, AppFactory.Password)));
    }

    static string SignInError(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(Regex.Match(response.Content.ReadAsStringAsync().Result, "<li>([^<]*)</li>").Groups[1].Value);

    [Fact]
    public async Task An_admin_can_neither_deactivate_reactivate_nor_re_role_itself()
    {
        var (id, email) = await NewUserAsync(Role.Admin);
        var admin = await app.SignedInAsync(email);
        var deactivate = await AppFactory.PostFormAsync(admin, "/Admin/Users?handler=Deactivate", new() { ["id"] = id.ToString() }, formPage: "/Admin/Users");
        Assert.Equal(HttpStatusCode.Redirect, deactivate.StatusCode);
        var reactivate = await AppFactory.PostFormAsync(admin, "/Admin/Users?handler=Reactivate", new() { ["id"] = id.ToString() }, formPage: "/Admin/Users");
        Assert.Equal(HttpStatusCode.Redirect, reactivate.StatusCode);
        Assert.Contains("Vous ne pouvez pas réactiver votre propre compte", WebUtility.HtmlDecode(await admin.GetStringAsync("/Admin/Users")));
        var centre = app.With(db => db.ServiceCentres.Single(c => c.Code == "762000").Id);
        var rerole = await AppFactory.PostFormAsync(admin, $"/Admin/Users/Edit?id={id}", new()
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = "Moi", ["Input.Role"] = "Agent", ["Input.ServiceCentreId"] = centre.ToString(),
            ["Input.SchoolIds"] = app.AgentSchool().ToString(),
        });
        Assert.Equal(HttpStatusCode.OK, rerole.StatusCode);
        Assert.Contains("Vous ne pouvez pas changer votre propre rôle", WebUtility.HtmlDecode(await rerole.Content.ReadAsStringAsync()));
        Assert.True(app.With(db => db.Users.AsNoTracking().Single(u => u.Id == id).IsActive));
        Assert.Equal(["Admin"], app.With(db => db.UserRoles.Where(r => r.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList()));
        Assert.Empty(app.With(db => db.UserSchools.Where(s => s.UserId == id).ToList()));
    }

    [Fact]
    public async Task A_new_agent_chooses_their_own_password_from_a_one_time_link_and_the_css_sees_who_gave_access()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var email = $"nouvel-agent-{Guid.NewGuid():N}@test.local";
        var centre = app.With(db => db.ServiceCentres.Single(c => c.Code == "762000").Id);
        var created = await AppFactory.PostFormAsync(admin, "/Admin/Users/Edit", new()
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = "Nouvel Agent", ["Input.Role"] = "Agent", ["Input.ServiceCentreId"] = centre.ToString(),
            ["Input.SchoolIds"] = app.AgentSchool().ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = WebUtility.HtmlDecode(await admin.GetStringAsync("/Admin/Users"));
        Assert.Contains("Un lien pour choisir son mot de passe lui a été envoyé", list);
        Assert.DoesNotContain("Mot de passe temporaire", list);
        var user = app.With(db => db.Users.AsNoTracking().Single(u => u.Email == email));
        Assert.Null(user.PasswordHash); // no password exists that anyone but the user could know

        var message = app.With(db => db.Outbox.Single(m => m.To == email));
        var link = Regex.Match(message.Body, @"https?://\S+/Account/SetPassword\?\S+").Value;
        var path = new Uri(link).PathAndQuery;
        var anonymous = app.Client(follow: false);
        var setPage = WebUtility.HtmlDecode(await anonymous.GetStringAsync(path));
        Assert.Contains("Choisir votre mot de passe", setPage);
        var form = new Dictionary<string, string>
        {
            ["UserId"] = user.Id.ToString(), ["Token"] = Regex.Match(setPage, "name=\"Token\" value=\"([^\"]+)\"").Groups[1].Value,
            ["Input.Password"] = "Mon-Propre-Passw0rd!", ["Input.Confirm"] = "Mon-Propre-Passw0rd!",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(anonymous, path, form)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.SignInAsync(app.Client(false), email, "Mon-Propre-Passw0rd!")).StatusCode);
        // Once only: the same link no longer works.
        var again = await AppFactory.PostFormAsync(app.Client(false), path, new(form) { ["Input.Password"] = "Autre-Passw0rd!!", ["Input.Confirm"] = "Autre-Passw0rd!!" });
        Assert.Contains("Ce lien n’est plus valable", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, (await AppFactory.SignInAsync(app.Client(false), email, "Autre-Passw0rd!!")).StatusCode);

        var css = await app.SignedInAsync(Seeder.CssEmail);
        var audit = WebUtility.HtmlDecode(await css.GetStringAsync("/Schools/AccessAudit"));
        Assert.Contains("Nouvel Agent", audit);
        Assert.Contains("Devenu agent", audit);
        Assert.Contains("Écoles attribuées", audit);
        Assert.Contains("Administration Démo", audit);
    }

    [Fact]
    public async Task The_access_audit_of_one_css_is_not_shown_to_another()
    {
        var (_, otherCss) = await NewUserAsync(Role.CssStaff);
        var otherCentre = app.With(db => db.ServiceCentres.Where(c => c.Code != "762000").Select(c => c.Id).First());
        app.With(db =>
        {
            db.Users.Single(u => u.Email == otherCss).ServiceCentreId = otherCentre;
            return db.SaveChanges();
        });
        await A_new_agent_chooses_their_own_password_from_a_one_time_link_and_the_css_sees_who_gave_access();
        var other = await app.SignedInAsync(otherCss);
        var audit = WebUtility.HtmlDecode(await other.GetStringAsync("/Schools/AccessAudit"));
        Assert.DoesNotContain("Nouvel Agent", audit);
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var refused = await agent.GetAsync("/Schools/AccessAudit");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", refused.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Two_simultaneous_creations_of_the_same_user_email_create_one()
    {
        var email = $"double-{Guid.NewGuid():N}@test.local";
        var organization = app.With(db => db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId!.Value);
        var admins = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.SignedInAsync(Seeder.AdminEmail)));
        var forms = await Task.WhenAll(admins.Select(a => a.GetStringAsync("/Admin/Users/Edit")));
        var responses = await Task.WhenAll(admins.Zip(forms).Select(x => x.First.PostAsync("/Admin/Users/Edit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFactory.AntiforgeryToken(x.Second), ["Input.Email"] = email, ["Input.DisplayName"] = "Double",
            ["Input.Role"] = "PartnerStaff", ["Input.OrganizationId"] = organization.ToString(),
        }))));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        Assert.Equal(1, app.With(db => db.Users.Count(u => u.Email == email)));
    }

    [Fact]
    public async Task Ten_simultaneous_creations_of_one_organisation_create_one()
    {
        var name = $"Cuisine collective {Guid.NewGuid():N}";
        var admins = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => app.SignedInAsync(Seeder.AdminEmail)));
        var forms = await Task.WhenAll(admins.Select(a => a.GetStringAsync("/Admin/Organizations")));
        var responses = await Task.WhenAll(admins.Zip(forms).Select((x, i) => x.First.PostAsync("/Admin/Organizations?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFactory.AntiforgeryToken(x.Second),
            // The same organisation, typed differently: case and spaces do not make another one.
            ["Input.Name"] = i % 2 == 0 ? name : "  " + name.ToUpperInvariant().Replace(" ", "  "),
        }))));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Redirect), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Contains("Un organisme porte déjà ce nom", WebUtility.HtmlDecode(await responses.First(r => r.StatusCode == HttpStatusCode.OK).Content.ReadAsStringAsync()));
        var normalized = PartnerNetwork.Core.Catalogue.Organization.NormalizeName(name);
        Assert.Equal(1, app.With(db => db.Organizations.Count(o => o.NormalizedName == normalized)));
    }
}

/// <summary>The production shape: the app behind a reverse proxy at 10.0.0.1, the only one whose forwarded headers count.</summary>
public sealed class ProxiedApp : AppFactory
{
    public const string PeerHeader = "X-Test-Peer";

    protected override string Environment => "Production";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ForwardedHeaders:KnownProxies:0", "10.0.0.1");
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, PeerFromHeader>());
    }

    // The test server has no network peer: this sets the one a real socket would give, before the app's pipeline.
    sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(PeerHeader, out var peer)) context.Connection.RemoteIpAddress = IPAddress.Parse(peer!);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public class ReverseProxyTests(ProxiedApp app) : IClassFixture<ProxiedApp>
{
    async Task<HttpResponseMessage> SignInThroughAsync(string peer, string? proto)
    {
        var client = app.Client(follow: false);
        // The proxy talks plain HTTP to the app; HSTS is never sent for "localhost", so a real host name.
        client.BaseAddress = new Uri("http://partnernetwork.test/");
        client.DefaultRequestHeaders.Add(ProxiedApp.PeerHeader, peer);
        if (proto is not null) client.DefaultRequestHeaders.Add("X-Forwarded-Proto", proto);
        return await AppFactory.SignInAsync(client, Seeder.AgentEmail, AppFactory.Password);
    }

    [Fact]
    public async Task Https_forwarded_by_the_known_proxy_makes_the_cookie_secure_and_sends_hsts()
    {
        var response = await SignInThroughAsync("10.0.0.1", "https");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("secure", response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pn.auth=")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task Forwarded_headers_from_anyone_else_are_ignored()
    {
        var response = await SignInThroughAsync("203.0.113.9", "https");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("secure", response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pn.auth=")), StringComparison.OrdinalIgnoreCase);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
