using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests;

/// <summary>An instance of the app on a database another instance also uses.</summary>
public sealed class SharedDatabaseAppFactory(string dbPath) : AppFactory
{
    public override string DbPath => dbPath;
}

/// <summary>Two instances on one database, as behind a load balancer without sticky sessions: the browser's cookies go to either.</summary>
[Trait("Database", "Both")]
public class TwoInstancesTests
{
    readonly Dictionary<string, string> cookies = [];

    async Task<HttpResponseMessage> SendAsync(AppFactory instance, HttpMethod method, string url, Dictionary<string, string>? form = null)
    {
        var client = instance.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var request = new HttpRequestMessage(method, url) { Content = form is null ? null : new FormUrlEncodedContent(form) };
        if (cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
            foreach (var pair in set.Select(c => c.Split(';')[0].Split('=', 2)))
                cookies[pair[0]] = pair[1];
        return response;
    }

    [Fact]
    public async Task A_session_and_a_form_token_from_one_instance_work_on_another_sharing_the_database()
    {
        var dbPath = Path.Combine(Path.GetTempPath(), $"pn-shared-{Guid.NewGuid():N}.db");
        await using var first = new SharedDatabaseAppFactory(dbPath);
        await using var second = new SharedDatabaseAppFactory(dbPath);

        var signIn = await (await SendAsync(first, HttpMethod.Get, "/Account/SignIn")).Content.ReadAsStringAsync();
        var signedIn = await SendAsync(first, HttpMethod.Post, "/Account/SignIn", new()
        {
            ["__RequestVerificationToken"] = AppFactory.AntiforgeryToken(signIn),
            ["Input.Email"] = Seeder.AgentEmail, ["Input.Password"] = AppFactory.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        // The key ring lives in the database, not in either instance's file system.
        Assert.NotEmpty(second.With(db => db.DataProtectionKeys.ToList()));

        // The second instance reads the first one's session cookie.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(second, HttpMethod.Get, "/Families")).StatusCode);

        // A form shown by the first instance is accepted by the second.
        var form = await (await SendAsync(first, HttpMethod.Get, "/Families/Edit")).Content.ReadAsStringAsync();
        var schoolId = first.With(db => db.Users.Where(u => u.Email == Seeder.AgentEmail).SelectMany(u => u.Schools).OrderBy(s => s.SchoolId).First().SchoolId);
        var need = first.With(db => db.NeedCategories.OrderBy(c => c.SortOrder).First().Id);
        var saved = await SendAsync(second, HttpMethod.Post, "/Families/Edit", new()
        {
            ["__RequestVerificationToken"] = AppFactory.AntiforgeryToken(form),
            ["Input.Reference"] = "Deux-Instances", ["Input.SchoolId"] = schoolId.ToString(), ["Input.Phone"] = "514-555-0142",
            ["Input.Email"] = "deux@example.org", ["Input.PreferredLanguage"] = "fr", ["Input.InterpreterNeeded"] = "false",
            ["Input.Channels"] = "Phone", ["Input.Times"] = "Evenings", ["Input.NeedIds"] = need.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(1, second.With(db => db.Families.Count(f => f.Reference == "Deux-Instances")));
    }
}
