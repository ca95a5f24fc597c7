using PartnerNetwork.Core.Access;

namespace PartnerNetwork.Core.Tests;

public class EmailLinkTests
{
    static readonly DateTime Now = new(2026, 12, 6, 15, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_token_carries_256_random_bits_and_only_its_hash_is_kept()
    {
        var (link, token) = EmailLink.Issue(EmailLinkPurpose.Referral, Guid.NewGuid(), " partner@example.org ", Now, null, referralId: Guid.NewGuid());
        var (_, other) = EmailLink.Issue(EmailLinkPurpose.Referral, Guid.NewGuid(), "partner@example.org", Now, null);

        Assert.Equal(EmailLink.TokenLength, token.Length);
        Assert.NotEqual(token, other);
        Assert.All(token, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        Assert.Equal(EmailLink.HashBytes, link.TokenHash.Length);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)), link.TokenHash);
        Assert.Equal(link.TokenHash, EmailLink.HashOrNull(token));
        Assert.Equal("partner@example.org", link.Email);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP=")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN/PQ")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOéQ")]
    public void Text_that_cannot_be_a_token_has_no_hash(string? text)
    {
        Assert.Null(EmailLink.HashOrNull(text));
        Assert.NotNull(EmailLink.HashOrNull("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN-_Q"));
    }

    [Fact]
    public void A_link_stops_at_its_expiry_or_when_revoked_and_revoking_twice_keeps_the_first()
    {
        var (link, _) = EmailLink.Issue(EmailLinkPurpose.ListingVerification, Guid.NewGuid(), "a@b.ca", Now, Now.AddDays(30), serviceId: Guid.NewGuid());
        Assert.True(link.IsUsable(Now.AddDays(30).AddTicks(-1)));
        Assert.False(link.IsUsable(Now.AddDays(30)));

        var agent = Guid.NewGuid();
        link.Revoke(Now.AddDays(1), agent);
        link.Revoke(Now.AddDays(2), null);
        Assert.False(link.IsUsable(Now.AddDays(1)));
        Assert.Equal(Now.AddDays(1), link.RevokedAt);
        Assert.Equal(agent, link.RevokedById);

        var (open, _) = EmailLink.Issue(EmailLinkPurpose.Referral, Guid.NewGuid(), "a@b.ca", Now, null);
        Assert.True(open.IsUsable(Now.AddYears(5)));
    }
}
