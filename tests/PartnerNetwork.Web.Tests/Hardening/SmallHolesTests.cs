using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Privacy;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Tests.Api;
using PartnerNetwork.Web.Tests.Referrals;

namespace PartnerNetwork.Web.Tests.Hardening;

/// <summary>Issue 18 §5, "smaller holes": each reproduction through HTTP (the sign-in timing has its own class).</summary>
public class SmallHolesTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    /// <summary>An agent of one of the demo agent's schools only: the demo agent can move a family away from them.</summary>
    async Task<(HttpClient Client, Guid UserId)> ColleagueAtAsync(Guid school)
    {
        var email = $"collegue-{Guid.NewGuid():N}@test.local";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var centre = await scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>().Schools.Where(s => s.Id == school).Select(s => s.ServiceCentreId).SingleAsync();
            var user = new User { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Collègue", ServiceCentreId = centre };
            user.Schools.Add(new UserSchool { UserId = user.Id, SchoolId = school });
            Assert.True((await users.CreateAsync(user, AppFactory.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, nameof(Role.Agent))).Succeeded);
        }
        return (await app.SignedInAsync(email), app.With(db => db.Users.Single(u => u.Email == email).Id));
    }

    Guid OrganizationOf(Guid service) => app.With(db => db.Services.Single(s => s.Id == service).OrganizationId);

    [Fact]
    public async Task A_family_moved_to_another_school_leaves_the_old_schools_agent_with_nothing_to_read()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var oldSchool = app.AgentSchool();
        var newSchool = app.With(db => db.Users.Where(u => u.Email == Seeder.AgentEmail).SelectMany(u => u.Schools).Select(s => s.SchoolId).Where(s => s != oldSchool).OrderBy(s => s).First());
        var (colleague, _) = await ColleagueAtAsync(oldSchool);
        var family = await app.NewFamilyAsync(agent, "Famille-Déménagée", "514-555-0142");
        await app.ConsentAsync(agent, family, OrganizationOf(service));
        var referral = await app.ReferOkAsync(agent, family, service);
        Assert.Contains("514-555-0142", await ReferralApp.TextAsync(colleague, $"/Referrals/Details/{referral}"));

        // The family changes school: the demo agent, who has both schools, records the move.
        var form = await ReferralApp.TextAsync(agent, $"/Families/Edit/{family}");
        Assert.Contains("Famille-Déménagée", form);
        var moved = await AppFactory.PostFormAsync(agent, $"/Families/Edit/{family}", new()
        {
            ["Input.Reference"] = "Famille-Déménagée", ["Input.SchoolId"] = newSchool.ToString(), ["Input.Phone"] = "514-555-0142",
            ["Input.Email"] = "famille@example.org", ["Input.PreferredLanguage"] = "es", ["Input.Channels"] = "Phone",
        });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);

        foreach (var url in new[] { $"/Families/Details/{family}", $"/Families/Edit/{family}", $"/Referrals/Details/{referral}", $"/Referrals/Sheet/{referral}", $"/Families/Consent?familyId={family}" })
            Assert.True(HttpStatusCode.NotFound == (await colleague.GetAsync(url)).StatusCode, url);
        foreach (var url in new[] { "/Referrals", "/Families", "/Referrals/Index?closed=true" })
        {
            var html = await ReferralApp.TextAsync(colleague, url);
            Assert.DoesNotContain("Famille-Déménagée", html);
            Assert.DoesNotContain("514-555-0142", html);
        }
        // The family's agent at the new school still has everything.
        Assert.Contains("514-555-0142", await ReferralApp.TextAsync(agent, $"/Referrals/Details/{referral}"));
    }

    [Fact]
    public async Task Every_page_that_shows_a_family_reference_is_written_to_the_access_log()
    {
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var agentId = app.With(db => db.Users.Single(u => u.Email == Seeder.AgentEmail).Id);
        var partnerId = app.With(db => db.Users.Single(u => u.Email == Seeder.PartnerEmail).Id);
        var family = await app.NewFamilyAsync(agent, $"Famille-Journal-{Guid.NewGuid():N}"[..24]);
        await app.ConsentAsync(agent, family, OrganizationOf(service));
        var referral = await app.ReferOkAsync(agent, family, service);
        int Count(Guid user, FamilyAccess what) => app.With(db => db.AccessLog.Count(e => e.UserId == user && e.FamilyId == family && e.What == what));

        foreach (var (url, what) in new[] { ("/Families", FamilyAccess.SeenInList), ($"/Families/Consent?familyId={family}", FamilyAccess.ConsentForm), ($"/Referrals/New?serviceId={service}", FamilyAccess.SeenInList) })
        {
            var before = Count(agentId, what);
            Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync(url)).StatusCode);
            Assert.True(Count(agentId, what) == before + 1, url);
        }

        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var seen = Count(partnerId, FamilyAccess.SeenInList);
        Assert.Contains(app.With(db => db.Families.Single(f => f.Id == family).Reference), await ReferralApp.TextAsync(partner, "/Inbox"));
        Assert.Equal(seen + 1, Count(partnerId, FamilyAccess.SeenInList));
        Assert.Equal(referral, app.With(db => db.AccessLog.Where(e => e.UserId == partnerId && e.FamilyId == family && e.What == FamilyAccess.SeenInList).OrderBy(e => e.Id).Last().ReferralId));

        // The family's owners read these entries as before: in the family's export.
        var export = await agent.GetStringAsync($"/Families/Details/{family}?handler=Export");
        Assert.Contains("SeenInList", export);
        Assert.Contains("ConsentForm", export);
    }

    [Fact]
    public async Task The_same_contact_notice_is_no_oracle_only_own_families_rate_limited_and_logged()
    {
        await app.PartnerServiceAsync(); // creates the agent of another school of the same CSS
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var agentId = app.With(db => db.Users.Single(u => u.Email == Seeder.AgentEmail).Id);
        var other = await app.SignedInAsync(ReferralApp.OtherAgentEmail);
        var otherSchool = app.With(db => db.Users.Where(u => u.Email == ReferralApp.OtherAgentEmail).SelectMany(u => u.Schools).Select(s => s.SchoolId).First());
        var need = app.With(db => db.NeedCategories.OrderBy(c => c.SortOrder).First().Id);
        async Task<Guid> FamilyAsync(HttpClient client, Guid school, string reference, string phone)
        {
            var response = await AppFactory.PostFormAsync(client, "/Families/Edit", new()
            {
                ["Input.Reference"] = reference, ["Input.SchoolId"] = school.ToString(), ["Input.Phone"] = phone,
                ["Input.PreferredLanguage"] = "fr", ["Input.Channels"] = "Phone", ["Input.NeedIds"] = need.ToString(),
            });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
        }

        // An edit is no way to probe: a family whose number is changed to another school's gets no notice.
        var probe = await FamilyAsync(agent, app.AgentSchool(), "Sonde", "438-555-7777");
        var probed = await FamilyAsync(other, otherSchool, "Sondée", "438-555-8888");
        var edited = await AppFactory.PostFormAsync(agent, $"/Families/Edit/{probe}", new()
        {
            ["Input.Reference"] = "Sonde", ["Input.SchoolId"] = app.AgentSchool().ToString(), ["Input.Phone"] = "438-555-8888",
            ["Input.PreferredLanguage"] = "fr", ["Input.Channels"] = "Phone", ["Input.NeedIds"] = need.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal("438-555-8888", app.With(db => db.Families.Single(f => f.Id == probe).Phone));
        Assert.DoesNotContain("same-contact", await ReferralApp.TextAsync(agent, $"/Families/Details/{probe}"));
        Assert.Equal(0, app.With(db => db.AccessLog.Count(e => e.FamilyId == probed && e.What == FamilyAccess.SameContactMatch)));


        // The other school's families, each with its own number; the agent records families with the same numbers.
        var limit = PartnerNetwork.Core.Families.ContactMatch.MatchesPerAgentPerDay;
        var theirs = new List<Guid>();
        for (var i = 0; i <= limit; i++) theirs.Add(await FamilyAsync(other, otherSchool, $"Leur-famille-{i}", $"438-555-{1000 + i}"));
        var colleague = (await ColleagueAtAsync(app.AgentSchool())).Client;
        for (var i = 0; i <= limit; i++)
        {
            var mine = await FamilyAsync(agent, app.AgentSchool(), $"Ma-famille-{i}", $"438-555-{1000 + i}");
            var page = await ReferralApp.TextAsync(agent, $"/Families/Details/{mine}");
            var logged = app.With(db => db.AccessLog.Count(e => e.UserId == agentId && e.FamilyId == theirs[i] && e.What == FamilyAccess.SameContactMatch));
            if (i < limit)
            {
                Assert.Contains("same-contact", page);
                Assert.Equal(1, logged); // the match is in the other family's access log
                // A colleague of the same school reading the family is not told: the notice is for whoever recorded it.
                Assert.DoesNotContain("same-contact", await ReferralApp.TextAsync(colleague, $"/Families/Details/{mine}"));
            }
            else
            {
                // Past the day's allowance, a new match is neither shown nor logged.
                Assert.DoesNotContain("same-contact", page);
                Assert.Equal(0, logged);
            }
        }
        // A family already told about stays told.
        var first = app.With(db => db.Families.Single(f => f.Reference == "Ma-famille-0" && f.CreatedById == agentId).Id);
        Assert.Contains("same-contact", await ReferralApp.TextAsync(agent, $"/Families/Details/{first}"));
        // The owners of the other family read the match in its export.
        Assert.Contains("SameContactMatch", await other.GetStringAsync($"/Families/Details/{theirs[0]}?handler=Export"));
    }

    [Theory]
    [InlineData("/Catalogue?q=école")]
    [InlineData("/\u3000/evil.example")]
    public async Task A_local_return_url_with_non_ascii_characters_answers_302_to_a_local_url(string returnUrl)
    {
        foreach (var inQuery in new[] { false, true })
        {
            var client = app.Client(follow: false);
            var url = inQuery ? "/Account/SignIn?ReturnUrl=" + Uri.EscapeDataString(returnUrl) : "/Account/SignIn";
            var response = await AppFactory.PostFormAsync(client, url,
                new() { ["Input.Email"] = Seeder.AgentEmail, ["Input.Password"] = AppFactory.Password, ["ReturnUrl"] = returnUrl });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!.OriginalString;
            Assert.StartsWith("/", location);
            Assert.False(location.StartsWith("//") || location.StartsWith("/\\"), location);
            Assert.All(location, c => Assert.InRange(c, '!', '~'));
            Assert.Equal(returnUrl, Uri.UnescapeDataString(location));
        }
    }

    [Fact]
    public async Task Ndjson_lists_have_their_own_lower_rate_limit()
    {
        var key = await HsdsApiTests.IssueKeyAsync(app, $"Export {Guid.NewGuid():N}");
        var client = app.Client(follow: false);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var allowed = 0;
        HttpResponseMessage response;
        while ((response = await client.GetAsync("/api/hsds/taxonomies?format=ndjson")).StatusCode == HttpStatusCode.OK && allowed < 200) allowed++;
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Contains("ndjson", await response.Content.ReadAsStringAsync());
        Assert.InRange(allowed, 1, 10);
        // Paged JSON still answers for the same key: its allowance is its own.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/hsds/taxonomies")).StatusCode);
    }
}

/// <summary>Outside Development the app needs its own Families:MatchKey: the built app, started as a process, refuses without one.</summary>
public class MatchKeyStartupTests
{
    static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PartnerNetwork.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    [Theory]
    [InlineData("Production", null)]
    [InlineData("Staging", null)]
    [InlineData("Production", "too-short-key")]
    public async Task The_app_refuses_to_start_without_its_own_match_key_in_one_clear_line(string environment, string? key)
    {
        var web = Path.Combine(RepositoryRoot(), "src", "PartnerNetwork.Web");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var db = Path.Combine(Path.GetTempPath(), $"pn-matchkey-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(web, "bin", configuration, "net10.0", "PartnerNetwork.Web.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={db}";
        start.Environment["Jobs__Enabled"] = "false";
        start.Environment.Remove("Families__MatchKey");
        if (key is not null) start.Environment["Families__MatchKey"] = key;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExit(TimeSpan.FromMinutes(1));
        if (!exited) process.Kill(entireProcessTree: true);
        var created = File.Exists(db);
        foreach (var file in new[] { db, db + "-wal", db + "-shm" }) if (File.Exists(file)) File.Delete(file);
        Assert.True(exited, "the app started instead of refusing");
        Assert.NotEqual(0, process.ExitCode);
        Assert.False(created, "nothing was created before the refusal");
        var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("Families:MatchKey", Assert.Single(lines));
        Assert.DoesNotContain("   at ", await output);
    }
}
