using System.Buffers.Binary;
using Microsoft.AspNetCore.Identity;
using PartnerNetwork.Data.Seeding;

namespace PartnerNetwork.Web.Tests;

/// <summary>The app as production configures it: passwords hashed at Identity's own strength, not the suite's lighter one.</summary>
public sealed class ProductionStrengthApp : AppFactory
{
    protected override int PasswordIterations => new PasswordHasherOptions().IterationCount;

    protected override bool StartsFromTemplate => false;
}

public class PasswordStrengthTests(ProductionStrengthApp app) : IClassFixture<ProductionStrengthApp>
{
    [Fact]
    public async Task Passwords_are_hashed_at_production_strength_and_sign_in_works()
    {
        var client = await app.SignedInAsync(Seeder.AgentEmail);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/Schools")).StatusCode);

        // Identity's v3 format: 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), salt length, salt, subkey.
        var hash = Convert.FromBase64String(app.With(db => db.Users.Single(u => u.Email == Seeder.AgentEmail).PasswordHash!));
        Assert.Equal(0x01, hash[0]);
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5, 4)) >= 100_000);
    }
}
