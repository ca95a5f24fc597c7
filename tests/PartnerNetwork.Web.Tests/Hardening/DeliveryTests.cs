using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Notifications;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Jobs;
using PartnerNetwork.Web.Mail;
using PartnerNetwork.Web.Tests.Referrals;

namespace PartnerNetwork.Web.Tests.Hardening;

/// <summary>E-mail that survives a crashed sender, bursts that drain in one run, jobs that run once, partners who cannot be told.</summary>
[Trait("Database", "Both")]
public class DeliveryTests(SmtpReferralApp app) : IClassFixture<SmtpReferralApp>
{
    Task<int> SendAsync() => app.RunAsync(s => s.GetRequiredService<OutboxSender>().SendDueAsync());

    void Add(IEnumerable<OutboxMessage> messages) => app.With(db =>
    {
        db.Outbox.AddRange(messages);
        return db.SaveChanges();
    });

    OutboxMessage Message(DateTime now) => new()
    {
        Id = Guid.NewGuid(), CreatedAt = now, NextAttemptAt = now, To = "partenaire@example.org", Subject = "s", Body = "b",
    };

    [Fact]
    public async Task A_burst_of_hundreds_of_messages_is_drained_in_one_run()
    {
        await SendAsync();
        var now = app.Clock.Now.UtcDateTime;
        var burst = Enumerable.Range(0, 300).Select(_ => Message(now)).ToList();
        Add(burst);
        var before = app.Smtp.Received.Count;
        var connections = app.Smtp.Connections;
        Assert.Equal(300, await SendAsync());
        Assert.Equal(before + 300, app.Smtp.Received.Count);
        var ids = burst.Select(m => m.Id).ToList();
        Assert.Equal(0, app.With(db => db.Outbox.Count(m => ids.Contains(m.Id) && m.SentAt == null)));
        // One connection (one TLS handshake and sign-in with a real server) for the run, not one per message.
        Assert.Equal(connections + 1, app.Smtp.Connections);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_the_server_closes_during_a_run_is_opened_again_and_every_message_goes_once(bool saying421)
    {
        await SendAsync();
        var now = app.Clock.Now.UtcDateTime;
        var messages = Enumerable.Range(0, 7).Select(_ => Message(now)).ToList();
        Add(messages);
        var connections = app.Smtp.Connections;
        // Closed silently after 3 messages (an idle timeout), or the 4th refused with 421 (a limit per connection).
        if (saying421) app.Smtp.LimitPerConnection = 3; else app.Smtp.CloseAfter = 3;
        try
        {
            Assert.Equal(7, await SendAsync());
        }
        finally
        {
            app.Smtp.CloseAfter = 0;
            app.Smtp.LimitPerConnection = 0;
        }
        foreach (var message in messages)
            Assert.Single(app.Smtp.Received, m => m.Contains($"{message.Id:N}@partnernetwork"));
        var ids = messages.Select(m => m.Id).ToList();
        Assert.Equal(0, app.With(db => db.Outbox.Count(m => ids.Contains(m.Id) && (m.SentAt == null || m.Attempts != 1))));
        Assert.Equal(connections + 3, app.Smtp.Connections); // 3 + 3 + 1 messages
    }

    [Fact]
    public async Task A_message_whose_sender_died_mid_send_is_sent_once_the_short_lease_expires_with_the_same_message_id()
    {
        await SendAsync();
        var now = app.Clock.Now.UtcDateTime;
        var orphan = Message(now);
        orphan.ClaimedBy = "dead-instance";
        orphan.ClaimedUntil = now + OutboxSender.Lease;
        Add([orphan]);
        Assert.Equal(0, await SendAsync()); // still held by the (dead) sender

        using var later = app.Clock.Travel(app.Clock.Now + OutboxSender.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await SendAsync());
        Assert.Single(app.Smtp.Received, m => m.Contains($"{orphan.Id:N}@partnernetwork"));
        var stored = app.With(db => db.Outbox.AsNoTracking().Single(m => m.Id == orphan.Id));
        Assert.NotNull(stored.SentAt);
        Assert.Null(stored.ClaimedUntil);
        Assert.Equal(0, await SendAsync()); // recorded as sent: never again
        Assert.Single(app.Smtp.Received, m => m.Contains($"{orphan.Id:N}@partnernetwork"));
    }

    [Fact]
    public async Task A_job_due_on_two_instances_at_the_same_time_runs_once()
    {
        var worker = app.Services.GetRequiredService<JobWorker>();
        var now = app.Clock.Now.UtcDateTime;
        app.With(db => db.JobRuns.Where(j => true).ExecuteUpdate(s => s.SetProperty(j => j.NextRunAt, now.AddMinutes(-1)).SetProperty(j => j.LeaseUntil, (DateTime?)null)));
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => worker.RunDueAsync(CancellationToken.None)));
        var all = runs.SelectMany(r => r).ToList();
        foreach (var job in new[] { "outbox", "acknowledgement-reminders", "retention", "session-cleanup", "imports" })
            Assert.Equal(1, all.Count(name => name == job));
        // Not due again until its period has passed.
        Assert.Empty(await worker.RunDueAsync(CancellationToken.None));
        Assert.True(app.With(db => db.JobRuns.All(j => j.LeaseUntil == null && j.LastRunAt != null)));
    }

    /// <summary>An organisation of this test's own with no e-mail anywhere, and one service taking referrals at a site.</summary>
    (Guid Organization, Guid Service, string Phone) NewUnreachablePartner()
    {
        var id = Guid.NewGuid();
        const string phone = "514-555-0142";
        return app.With(db =>
        {
            var site = db.Locations.AsNoTracking().First(l => l.Latitude != null);
            var need = db.NeedCategories.OrderBy(c => c.SortOrder).Select(c => c.Id).First();
            var organization = new Organization { Id = id, Name = $"Organisme injoignable {id:N}"[..40], Description = "Test", Phone = phone };
            var location = new Location
            {
                Id = Guid.NewGuid(), OrganizationId = id, Name = "Local", Address1 = "1 rue Test", City = "Montréal",
                Latitude = site.Latitude, Longitude = site.Longitude,
            };
            var service = new Service
            {
                Id = Guid.NewGuid(), OrganizationId = id, Name = $"Dépannage injoignable {id:N}"[..30], Description = "Aide", Languages = ["fr"],
                AcceptsReferrals = true, ReferralEmail = null, ReferralPhone = phone, Capacity = new ServiceCapacity { Available = 5, Maximum = 10 },
            };
            service.SetNeeds([need]);
            service.OfferAt([location.Id]);
            organization.Services.Add(service);
            db.Organizations.Add(organization);
            db.Locations.Add(location);
            db.SaveChanges();
            return (id, service.Id, phone);
        });
    }

    [Fact]
    public async Task Referring_to_a_partner_without_any_email_warns_the_agent_and_lists_the_service_for_the_admin()
    {
        var (organization, service, phone) = NewUnreachablePartner();
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var form = WebUtility.HtmlDecode(await agent.GetStringAsync($"/Referrals/New?serviceId={service}"));
        Assert.Contains("Ce partenaire n’a aucune adresse courriel : il ne sera pas averti de l’orientation.", form);
        Assert.Contains(phone, form);
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var list = WebUtility.HtmlDecode(await admin.GetStringAsync("/Admin/Organizations"));
        Assert.Contains($"/Organizations/Services/Edit/{service}", list.Replace("?id=", "/"));

        // The organisation's own address is enough to tell the partner.
        app.With(db => db.Organizations.Where(o => o.Id == organization).ExecuteUpdate(s => s.SetProperty(x => x.Email, $"contact-{organization:N}@test.local")));
        Assert.DoesNotContain("il ne sera pas averti", WebUtility.HtmlDecode(await agent.GetStringAsync($"/Referrals/New?serviceId={service}")));
    }
}
