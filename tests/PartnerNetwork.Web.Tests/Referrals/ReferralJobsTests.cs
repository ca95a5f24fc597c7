using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Jobs;
using PartnerNetwork.Web.Mail;

namespace PartnerNetwork.Web.Tests.Referrals;

/// <summary>The app sending its mail over SMTP to a fake server on loopback.</summary>
public sealed class SmtpReferralApp : ReferralApp
{
    public FakeSmtpServer Smtp { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IMailTransport>(
            new SmtpMailTransport(new MailOptions { Host = "127.0.0.1", Port = Smtp.Port, Security = "None" })));
    }

    public async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> job)
    {
        await using var scope = Services.CreateAsyncScope();
        return await job(scope.ServiceProvider);
    }

    protected override void Dispose(bool disposing)
    {
        Smtp.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Outbox delivery (once, retried on failure), acknowledgement reminders in business days, and retention.</summary>
[Trait("Database", "Both")]
public class ReferralJobsTests(SmtpReferralApp app) : IClassFixture<SmtpReferralApp>
{
    Task<int> SendAsync() => app.RunAsync(s => s.GetRequiredService<OutboxSender>().SendDueAsync());

    [Fact]
    public async Task Outbox_messages_are_sent_once_and_retried_with_back_off_after_an_smtp_failure()
    {
        await SendAsync(); // whatever earlier tests left
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, "Mail");
        var referral = await app.ReferOkAsync(agent, family, service, share: false);
        var received = app.Smtp.Received.Count;

        app.Smtp.FailNext = 1;
        Assert.Equal(0, await SendAsync());
        var failed = app.With(db => db.Outbox.AsNoTracking().Single(m => m.ReferralId == referral));
        Assert.Null(failed.SentAt);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("try again", failed.LastError);
        // The first back-off is 30 s (PostgreSQL keeps microseconds, the clock has ticks).
        Assert.InRange(failed.NextAttemptAt, app.Clock.Now.UtcDateTime.AddSeconds(30).AddMilliseconds(-1), app.Clock.Now.UtcDateTime.AddSeconds(30).AddMilliseconds(1));
        Assert.Equal(0, await SendAsync()); // not due yet: backing off

        app.Clock.Now += TimeSpan.FromSeconds(30);
        Assert.Equal(1, await SendAsync());
        Assert.Equal(0, await SendAsync());
        Assert.Equal(received + 1, app.Smtp.Received.Count);
        var sent = app.With(db => db.Outbox.AsNoTracking().Single(m => m.ReferralId == referral));
        Assert.NotNull(sent.SentAt);
        Assert.Equal(2, sent.Attempts);
        Assert.Contains(app.Smtp.Received, m => m.Contains($"/Referrals/Details/{referral}") && !m.Contains("Mail\r\n"));
    }

    [Fact]
    public async Task Two_senders_at_once_deliver_each_message_exactly_once()
    {
        await SendAsync();
        var now = app.Clock.Now.UtcDateTime;
        var ids = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToList();
        app.With(db =>
        {
            db.Outbox.AddRange(ids.Select(id => new PartnerNetwork.Core.Notifications.OutboxMessage
            {
                Id = id, CreatedAt = now, NextAttemptAt = now, To = "someone@example.org", Subject = "s", Body = "b",
            }));
            return db.SaveChanges();
        });
        var before = app.Smtp.Received.Count;

        var counts = await Task.WhenAll(SendAsync(), SendAsync(), SendAsync());
        Assert.Equal(ids.Count, counts.Sum());
        Assert.Equal(before + ids.Count, app.Smtp.Received.Count);
        foreach (var id in ids)
            Assert.Single(app.Smtp.Received, m => m.Contains($"{id:N}@partnernetwork"));
    }

    [Fact]
    public async Task Reminders_count_business_days_across_easter_and_are_staged_once()
    {
        // Thursday 2 April 2026, 10:00 in Montréal: Good Friday and Easter Monday follow.
        using var travel = app.Clock.Travel(new DateTimeOffset(2026, 4, 2, 14, 0, 0, TimeSpan.Zero));
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var family = await app.NewFamilyAsync(agent, "Easter");
        var referral = await app.ReferOkAsync(agent, family, service, share: false);
        Task<int> Remind() => app.RunAsync(s => s.GetRequiredService<ReminderJob>().RemindAsync());
        int Mail(string subjectStart) => app.With(db => db.Outbox.Count(m => m.ReferralId == referral && m.Subject.StartsWith(subjectStart)));

        app.Clock.Now = new DateTimeOffset(2026, 4, 8, 13, 0, 0, TimeSpan.Zero); // Wed 09:00: Tue and Wed are the 2 business days, not over yet
        await Remind();
        Assert.Equal(0, Mail("Rappel"));
        app.Clock.Now = new DateTimeOffset(2026, 4, 8, 14, 30, 0, TimeSpan.Zero); // Wed 10:30
        await Remind();
        await Remind();
        Assert.Equal(1, Mail("Rappel"));
        Assert.Equal(0, Mail("Alerte"));

        app.Clock.Now = new DateTimeOffset(2026, 4, 13, 14, 30, 0, TimeSpan.Zero); // Mon 13 April 10:30: fifth business day
        await Task.WhenAll(Remind(), Remind());
        Assert.Equal(1, Mail("Alerte"));
        Assert.Equal(Seeder.AgentEmail, app.With(db => db.Outbox.Single(m => m.ReferralId == referral && m.Subject.StartsWith("Alerte")).To));

        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var inbox = await ReferralApp.TextAsync(partner, "/Inbox");
        Assert.Contains($"table-warning\" data-referral-id=\"{referral}", inbox);
    }
}

/// <summary>Retention on an app of its own, so that what it anonymises can be counted exactly.</summary>
[Trait("Database", "Both")]
public class RetentionTests(SmtpReferralApp app) : IClassFixture<SmtpReferralApp>
{
    [Fact]
    public async Task Retention_anonymises_closed_referrals_and_inactive_families_and_keeps_the_rest()
    {
        // What the demo seeded (its referral history) is retired first, so what this test makes can be counted exactly.
        using (app.Clock.Travel(app.Clock.Now.AddMonths(25)))
            await app.RunAsync(s => s.GetRequiredService<RetentionJob>().AnonymiseAsync());
        var service = await app.PartnerServiceAsync();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var old = await app.NewFamilyAsync(agent, "Old-Family", "514-555-0188");
        var closed = await app.ReferOkAsync(agent, old, service, share: false, message: "Message ancien");
        await ReferralApp.NoteAsync(agent, closed, "note ancienne");
        await ReferralApp.MoveAsync(agent, closed, app.VersionOf(closed), ReferralState.Cancelled, "CancelledByAgent");
        var stillOpenFamily = await app.NewFamilyAsync(agent, "Open-Family");
        var open = await app.ReferOkAsync(agent, stillOpenFamily, service, share: false, message: "Toujours ouverte");
        var oldFamilyLog = app.With(db => db.AccessLog.Count(e => e.FamilyId == old));
        Assert.True(oldFamilyLog > 0, "viewing the referral was logged");

        using var travel = app.Clock.Travel(app.Clock.Now.AddMonths(25));
        agent = await app.SignedInAsync(Seeder.AgentEmail); // the earlier session has long expired
        var recent = await app.NewFamilyAsync(agent, "Recent-Family");
        var (families, referrals) = await app.RunAsync(s => s.GetRequiredService<RetentionJob>().AnonymiseAsync());

        // This app holds the demo family (an open referral: kept) and what this test made.
        Assert.Equal((1, 1), (families, referrals));
        var anonymised = app.With(db => db.Families.AsNoTracking().Single(f => f.Id == old));
        Assert.Equal(Family.AnonymisedReference, anonymised.Reference);
        Assert.Null(anonymised.Phone);
        Assert.Null(anonymised.Email);
        var closedAfter = app.With(db => db.Referrals.AsNoTracking().Single(r => r.Id == closed));
        Assert.Equal("", closedAfter.Message);
        Assert.Equal(ReferralState.Cancelled, closedAfter.State); // what counts unmet need stays
        Assert.False(app.With(db => db.ReferralNotes.Any(n => n.ReferralId == closed)));
        Assert.Equal("Toujours ouverte", app.With(db => db.Referrals.Single(r => r.Id == open).Message));
        Assert.Equal("Open-Family", app.With(db => db.Families.Single(f => f.Id == stillOpenFamily).Reference));
        Assert.Equal("Recent-Family", app.With(db => db.Families.Single(f => f.Id == recent).Reference));
        Assert.Equal(oldFamilyLog, app.With(db => db.AccessLog.Count(e => e.FamilyId == old))); // the log proves who looked; it is never anonymised
        // An anonymised family is no longer reachable as a record.
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await agent.GetAsync($"/Families/Details/{old}")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await agent.GetAsync($"/Referrals/Details/{closed}")).StatusCode);
    }
}
