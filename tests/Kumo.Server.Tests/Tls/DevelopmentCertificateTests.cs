using System.Net;
using System.Security.Cryptography.X509Certificates;
using Kumo.Gateway;
using Kumo.Server.Tls;
using Kumo.Testing;

namespace Kumo.Server.Tests.Tls;

/// <summary>Kumo's own self-signed certificate: what it is valid for, where it is kept, and when it is made again.</summary>
public sealed class DevelopmentCertificateTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CertificateNames Names = CertificateNames.For(new GatewayOptions(), "us-east-1", IPAddress.Loopback);
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private string CertificateFile => _data.Combine("tls", "kumo-dev.pem");

    private string KeyFile => _data.Combine("tls", "kumo-dev.key");

    private ServerCertificate LoadOrCreate(DateTimeOffset now, CertificateNames? names = null) =>
        DevelopmentCertificate.LoadOrCreate(_data.Path, names ?? Names, now);

    [Fact]
    public void LoadOrCreate_FirstStart_WritesTheCertificateAndAKeyOnlyItsOwnerCanRead()
    {
        using var made = LoadOrCreate(Now);

        Assert.Equal(CertificateFile, made.CertificateFile);
        Assert.Equal("self-signed by Kumo, made now", made.Description);
        Assert.True(made.Certificate.HasPrivateKey);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_data.Combine("tls")));
        using var onDisk = X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
        Assert.Equal(made.Certificate.Thumbprint, onDisk.Thumbprint);
        Assert.Equal(Now + DevelopmentCertificate.Lifetime, new DateTimeOffset(onDisk.NotAfter.ToUniversalTime()));
        Assert.Equal(onDisk.Subject, onDisk.Issuer);
        Assert.Empty(Directory.GetFiles(_data.Combine("tls"), "*.tmp"));
    }

    [Fact]
    public void LoadOrCreate_Certificate_NamesEveryHostFormAndLoopbackAddress()
    {
        using var made = LoadOrCreate(Now);
        var names = made.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();

        Assert.Equal(
            [
                "localhost", "*.localhost", "*.lambda-url.localhost", "*.api.localhost", "s3.localhost", "*.s3.localhost",
                "s3.us-east-1.localhost", "*.s3.us-east-1.localhost", "*.s3-website.localhost", "*.s3-website-us-east-1.localhost",
                "*.s3-website.us-east-1.localhost",
            ],
            names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("u0123456789abcdefghijklmnopqrstu.lambda-url.localhost")]
    [InlineData("shop.api.localhost")]
    [InlineData("s3.localhost")]
    [InlineData("photos.s3.localhost")]
    [InlineData("s3.us-east-1.localhost")]
    [InlineData("photos.s3.us-east-1.localhost")]
    [InlineData("site.s3-website.localhost")]
    [InlineData("site.s3-website-us-east-1.localhost")]
    [InlineData("site.s3-website.us-east-1.localhost")]
    public void LoadOrCreate_Certificate_MatchesTheHostsKumoServes(string host)
    {
        using var made = LoadOrCreate(Now);

        Assert.True(made.Certificate.MatchesHostname(host, allowWildcards: true, allowCommonName: false), host);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("a.b.lambda-url.localhost")]
    [InlineData("photos.s3.eu-west-2.localhost")]
    [InlineData("10.0.0.1")]
    public void LoadOrCreate_Certificate_DoesNotMatchOtherHosts(string host)
    {
        using var made = LoadOrCreate(Now);

        Assert.False(made.Certificate.MatchesHostname(host, allowWildcards: true, allowCommonName: false), host);
    }

    [Fact]
    public void For_ASpecificBindAddress_AddsIt_ButNotTheWildcardAddress()
    {
        var lan = IPAddress.Parse("192.168.1.20");

        Assert.Contains(lan, CertificateNames.For(new GatewayOptions(), "us-east-1", lan).Addresses);
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], CertificateNames.For(new GatewayOptions(), "us-east-1", IPAddress.Any).Addresses);
    }

    [Fact]
    public void LoadOrCreate_NextStart_KeepsTheStoredCertificateAndItsFiles()
    {
        string thumbprint;
        using (var first = LoadOrCreate(Now))
        {
            thumbprint = first.Certificate.Thumbprint;
        }

        var written = File.ReadAllText(CertificateFile);

        using var second = LoadOrCreate(Now.AddDays(30));

        Assert.Equal(thumbprint, second.Certificate.Thumbprint);
        Assert.True(second.Certificate.HasPrivateKey);
        Assert.Equal("self-signed by Kumo, kept from an earlier start", second.Description);
        Assert.Equal(written, File.ReadAllText(CertificateFile));
    }

    [Fact]
    public void LoadOrCreate_StoredOneExpired_MakesANewOneAndSaysWhy()
    {
        using var first = LoadOrCreate(Now);

        using var second = LoadOrCreate(Now.AddDays(400));

        Assert.NotEqual(first.Certificate.Thumbprint, second.Certificate.Thumbprint);
        Assert.Equal("self-signed by Kumo, made now: the stored one expired on 2027-03-01", second.Description);
        using var onDisk = X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
        Assert.Equal(second.Certificate.Thumbprint, onDisk.Thumbprint);
    }

    [Fact]
    public void LoadOrCreate_StoredOneAboutToExpire_IsRenewedBeforeItDoes()
    {
        using var first = LoadOrCreate(Now);

        using var second = LoadOrCreate(Now + DevelopmentCertificate.Lifetime - TimeSpan.FromDays(3));

        Assert.NotEqual(first.Certificate.Thumbprint, second.Certificate.Thumbprint);
        Assert.Equal("self-signed by Kumo, made now: the stored one expires on 2027-03-01", second.Description);
    }

    [Fact]
    public void LoadOrCreate_HostFormsChanged_MakesANewOneForTheNewNames()
    {
        using var first = LoadOrCreate(Now);
        var otherRegion = CertificateNames.For(new GatewayOptions(), "eu-west-2", IPAddress.Loopback);

        using var second = LoadOrCreate(Now, otherRegion);

        Assert.Equal("self-signed by Kumo, made now: the host names Kumo serves changed", second.Description);
        Assert.True(second.Certificate.MatchesHostname("photos.s3.eu-west-2.localhost"));
        Assert.False(second.Certificate.MatchesHostname("photos.s3.us-east-1.localhost"));
    }

    [Fact]
    public void LoadOrCreate_StoredFilesDamaged_MakesANewOne()
    {
        using (LoadOrCreate(Now))
        {
        }

        File.WriteAllText(KeyFile, "not a key");

        using var again = LoadOrCreate(Now);

        Assert.StartsWith("self-signed by Kumo, made now: the stored one could not be read (", again.Description, StringComparison.Ordinal);
        using var onDisk = X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
        Assert.Equal(again.Certificate.Thumbprint, onDisk.Thumbprint);
    }

    [Fact]
    public void LoadOrCreate_KeyFileGone_MakesANewPair()
    {
        using (LoadOrCreate(Now))
        {
        }

        File.Delete(KeyFile);

        using var again = LoadOrCreate(Now);

        Assert.StartsWith("self-signed by Kumo, made now: the stored one could not be read", again.Description, StringComparison.Ordinal);
        Assert.True(File.Exists(KeyFile));
    }

    [Fact]
    public void LoadOrCreate_FolderCannotBeMade_FailsNamingItAndTheWayOut()
    {
        File.WriteAllText(_data.Combine("tls"), "a file where the folder should be");

        var error = Assert.Throws<KumoStartupException>(() => LoadOrCreate(Now));

        Assert.StartsWith($"cannot write Kumo's TLS certificate to '{_data.Combine("tls")}' (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("or give a certificate with --tls-cert and --tls-key.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sha256Fingerprint_IsColonSeparatedUpperCaseHexOfTheWholeCertificate()
    {
        using var made = LoadOrCreate(Now);

        var expected = string.Join(':', System.Security.Cryptography.SHA256.HashData(made.Certificate.RawData).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(expected, made.Fingerprint);
    }
}
