using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Core.Tests;

public class ServiceTests
{
    [Theory]
    [InlineData(true, 5, false, CapacityState.TakingReferrals)]
    [InlineData(true, null, false, CapacityState.TakingReferrals)]
    [InlineData(true, 0, true, CapacityState.Waitlist)]
    [InlineData(true, 0, false, CapacityState.Full)]
    [InlineData(false, 5, false, CapacityState.NotAcceptingReferrals)]
    public void Capacity_state_tells_an_agent_whether_to_refer(bool accepts, int? available, bool waitlist, CapacityState expected)
    {
        var service = new Service { AcceptsReferrals = accepts, KeepsWaitlist = waitlist, Capacity = new() { Available = available, Maximum = 20 } };
        Assert.Equal(expected, service.CapacityState);
    }

    [Fact]
    public void A_listing_not_verified_for_twelve_months_is_stale()
    {
        var today = new DateOnly(2026, 11, 22);
        Assert.False(new Service { AssuredDate = new DateOnly(2025, 11, 22) }.IsStale(today));
        Assert.True(new Service { AssuredDate = new DateOnly(2025, 11, 21) }.IsStale(today));
        Assert.True(new Service { AssuredDate = null }.IsStale(today));
    }
}
