using PartnerNetwork.Core.Notifications;

namespace PartnerNetwork.Core.Tests;

public class OutboxBackoffTests
{
    /// <summary>The promised schedule, typed out: 30 s after the first failure, doubling, never more than an hour.</summary>
    [Theory]
    [InlineData(0, 30)]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(4, 240)]
    [InlineData(7, 1920)]
    [InlineData(8, 3600)]
    [InlineData(9, 3600)]
    [InlineData(40, 3600)]
    [InlineData(5000, 3600)]
    public void A_failed_message_waits_30_seconds_doubling_up_to_an_hour(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), OutboxMessage.Backoff(attempts));
}
