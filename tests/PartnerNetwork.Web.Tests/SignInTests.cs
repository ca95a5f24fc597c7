using System.Text.RegularExpressions;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests;

public class SignInTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData(Seeder.AgentEmail, "/Schools", "Mes écoles")]
    [InlineData(Seeder.PartnerEmail, "/Inbox", "Orientations reçues")]
    [InlineData(Seeder.CssEmail, "/Schools/Centre", "Écoles du CSS")]
    [InlineData(Seeder.AdminEmail, "/Admin/Users", "Utilisateurs")]
    public async Task Each_role_signs_in_and_lands_on_its_home_page(string email, string home, string heading)
    {
        var client = await app.SignedInAsync(email);
        var root = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal(home, root.Headers.Location!.OriginalString);
        var html = await client.GetStringAsync(home);
        Assert.Contains(heading, html);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Schools")]
    [InlineData("/Schools/Centre")]
    [InlineData("/Admin/Users")]
    [InlineData("/Organizations/Details")]
    public async Task Anonymous_users_are_sent_to_sign_in(string url)
    {
        var response = await app.Client(follow: false).GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/SignIn", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_french_message()
    {
        var client = app.Client();
        var response = await AppFactory.SignInAsync(client, Seeder.AgentEmail, "not-the-password");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Courriel ou mot de passe incorrect.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_locked_out_user_cannot_sign_in_and_is_told_by_email_not_on_the_page()
    {
        var email = $"lockout-{Guid.NewGuid():N}@test.local";
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var user = new User { UserName = email, Email = email, DisplayName = "Lockout" };
            Assert.True((await users.CreateAsync(user, AppFactory.Password)).Succeeded);
            await users.AddToRoleAsync(user, "Agent");
        }
        var client = app.Client(follow: false);
        for (var i = 0; i < 5; i++)
            await AppFactory.SignInAsync(client, email, "wrong-Passw0rd!");

        var response = await AppFactory.SignInAsync(client, email, AppFactory.Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The same words as a wrong password: the page does not tell that this account exists.
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Courriel ou mot de passe incorrect.", html);
        Assert.DoesNotContain("verrouillé", html);
        var wrong = WebUtility.HtmlDecode(await (await AppFactory.SignInAsync(app.Client(false), $"nobody-{Guid.NewGuid():N}@test.local", "wrong-Passw0rd!")).Content.ReadAsStringAsync());
        Assert.Equal(Regex.Match(wrong, "<div class=\"validation-summary-errors\".*?</div>", RegexOptions.Singleline).Value,
            Regex.Match(html, "<div class=\"validation-summary-errors\".*?</div>", RegexOptions.Singleline).Value);
        // Its owner learns of it by e-mail, once.
        Assert.Equal(1, app.With(db => db.Outbox.Count(m => m.To == email && m.Subject.StartsWith("Compte verrouillé"))));
        var home = await client.GetAsync("/Schools");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/Account/SignIn", home.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_deactivated_user_cannot_sign_in()
    {
        var email = $"inactive-{Guid.NewGuid():N}@test.local";
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var user = new User { UserName = email, Email = email, DisplayName = "Inactive", IsActive = false };
            Assert.True((await users.CreateAsync(user, AppFactory.Password)).Succeeded);
            await users.AddToRoleAsync(user, "Agent");
        }
        var response = await AppFactory.SignInAsync(app.Client(follow: false), email, AppFactory.Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Courriel ou mot de passe incorrect.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sign_in_without_the_antiforgery_token_is_rejected()
    {
        var response = await app.Client().PostAsync("/Account/SignIn", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = Seeder.AgentEmail, ["Input.Password"] = AppFactory.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_return_url_to_another_site_is_ignored()
    {
        var client = app.Client(follow: false);
        var response = await AppFactory.PostFormAsync(client, "/Account/SignIn?ReturnUrl=https%3A%2F%2Fevil.example%2F",
            new() { ["Input.Email"] = Seeder.CssEmail, ["Input.Password"] = AppFactory.Password, ["ReturnUrl"] = "https://evil.example/" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }
}
