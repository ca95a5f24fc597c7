using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerNetwork.Core.Access;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Tests.Hardening;

/// <summary>
/// The app with a lighter password hash (10,000 PBKDF2 iterations instead of 100,000): still far more work than
/// anything else a sign-in does, but short enough that many tries fit in a test and the noise of a busy machine, which
/// grows with each try's length, stays well under the difference the test looks for.
/// </summary>
public sealed class LightHashingApp : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 10_000));
    }
}

/// <summary>Issue 18 §5: the sign-in page's timing does not tell a locked account, an unknown e-mail and a wrong password apart.</summary>
// Timings compare only on a quiet machine: tools/test.sh runs this class alone, after the passes that run side by side.
[Trait("Timing", "Quiet")]
public class SignInTimingTests(LightHashingApp app) : IClassFixture<LightHashingApp>
{
    const int Tries = 100;

    [Fact]
    public async Task A_locked_account_an_unknown_email_and_a_wrong_password_take_the_same_time()
    {
        var wrong = await NewUserAsync();
        var locked = await NewUserAsync();
        await app.WithAsync(db => db.Users.Where(u => u.Email == locked)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, DateTimeOffset.UtcNow.AddHours(1))));
        var unknown = $"personne-{Guid.NewGuid():N}@test.local";

        // One client per kind, each with its own form token; the three kinds interleaved so that a busy moment of the
        // machine falls on all of them alike, and medians so that one slow try does not count.
        var kinds = new[] { unknown, wrong, locked };
        var clients = new List<(HttpClient Client, string Token)>();
        foreach (var _ in kinds)
        {
            var client = app.Client(follow: false);
            clients.Add((client, AppFactory.AntiforgeryToken(await client.GetStringAsync("/Account/SignIn"))));
        }
        var times = kinds.Select(_ => new List<double>()).ToArray();
        var random = new Random(18);
        for (var round = -3; round < Tries; round++) // three rounds to warm up, not counted
        {
            var order = new[] { 0, 1, 2 };
            random.Shuffle(order);
            foreach (var k in order)
            {
                var form = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.Email"] = kinds[k], ["Input.Password"] = "Mauvais-Passw0rd!", ["__RequestVerificationToken"] = clients[k].Token,
                });
                var watch = Stopwatch.StartNew();
                var response = await clients[k].Client.PostAsync("/Account/SignIn", form);
                watch.Stop();
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains("role=\"alert\"", await response.Content.ReadAsStringAsync());
                if (round >= 0) times[k].Add(watch.Elapsed.TotalMilliseconds);
                // The wrong-password account must stay unlocked for the next tries: five failures would lock it.
                if (kinds[k] == wrong && round % 3 == 0)
                    await app.WithAsync(db => db.Users.Where(u => u.Email == wrong).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0)));
            }
        }

        var medians = times.Select(Median).ToArray();
        var report = $"medians: unknown {medians[0]:F1} ms, wrong password {medians[1]:F1} ms, locked {medians[2]:F1} ms";
        Assert.True(medians.Max() - medians.Min() < 5, report);
        Assert.True(app.With(db => db.Users.Single(u => u.Email == locked).LockoutEnd) > DateTimeOffset.UtcNow, "the locked account stays locked");
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    async Task<string> NewUserAsync()
    {
        var email = $"minutage-{Guid.NewGuid():N}@test.local";
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User { Id = Guid.NewGuid(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        Assert.True((await users.CreateAsync(user, AppFactory.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, nameof(Role.Agent))).Succeeded);
        return email;
    }
}
