using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kumo.Server.Configuration;
using Kumo.Server.Tls;
using Kumo.Testing;

namespace Kumo.Server.Tests.Tls;

/// <summary>A certificate and key the user names with <c>--tls-cert</c> and <c>--tls-key</c>: used when they fit, refused with the reason when not.</summary>
public sealed class PemCertificateFilesTests : IDisposable
{
    private static readonly CertificateNames Names = CertificateNames.For(new Kumo.Gateway.GatewayOptions(), "us-east-1", System.Net.IPAddress.Loopback);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>Writes a self-signed certificate for localhost and its key; returns their paths.</summary>
    private (string Certificate, string Key) WritePair(AsymmetricAlgorithm key, string name = "site")
    {
        var request = key switch
        {
            RSA rsa => new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => new CertificateRequest("CN=localhost", ecdsa, HashAlgorithmName.SHA256),
            _ => throw new ArgumentException("RSA or ECDSA", nameof(key)),
        };
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var certificateFile = _directory.Combine(name + ".pem");
        var keyFile = _directory.Combine(name + ".key");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certificateFile, keyFile);
    }

    private static string Load(string certificate, string key) =>
        Assert.Throws<KumoStartupException>(() => PemCertificateFiles.Load(certificate, key)).Message;

    [Fact]
    public void Load_EcdsaPair_GivesTheCertificateWithItsKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (certificate, keyFile) = WritePair(key);

        using var loaded = PemCertificateFiles.Load(certificate, keyFile);

        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Equal("CN=localhost", loaded.Certificate.Subject);
        Assert.Empty(loaded.Chain);
        Assert.Equal("yours", loaded.Description);
    }

    [Fact]
    public void Load_RsaPairWithAPkcs1Key_GivesTheCertificateWithItsKey()
    {
        using var key = RSA.Create(2048);
        var (certificate, keyFile) = WritePair(key);
        File.WriteAllText(keyFile, key.ExportRSAPrivateKeyPem());

        using var loaded = PemCertificateFiles.Load(certificate, keyFile);

        Assert.True(loaded.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Load_FullChainFile_ServesTheFirstCertificateAndSendsTheOthersAsItsChain()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test Intermediate CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256)
            .Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3, 4]);
        var fullChain = _directory.Combine("fullchain.pem");
        var keyFile = _directory.Combine("privkey.pem");
        File.WriteAllText(fullChain, leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, leafKey.ExportPkcs8PrivateKeyPem());

        using var loaded = PemCertificateFiles.Load(fullChain, keyFile);

        Assert.Equal(leaf.Thumbprint, loaded.Certificate.Thumbprint);
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Equal([ca.Thumbprint], loaded.Chain.Select(c => c.Thumbprint));
    }

    [Fact]
    public void For_UserFiles_NamesThemAsTheUsers()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (certificate, keyFile) = WritePair(key);

        using var served = ServerCertificate.For(new TlsOptions { Port = 0, CertificateFile = certificate, KeyFile = keyFile }, _directory.Combine("data"), Names, DateTimeOffset.UtcNow);

        Assert.Equal(certificate, served.CertificateFile);
        Assert.Equal("yours", served.Description);
        Assert.False(Directory.Exists(_directory.Combine("data", "tls")), "Kumo's own certificate is not made when the user gives one");
    }

    [Fact]
    public void Load_CertificateFileMissing_SaysSo()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (_, keyFile) = WritePair(key);
        var missing = _directory.Combine("missing.pem");

        Assert.Equal(
            $"TLS certificate file '{missing}' (--tls-cert / KUMO_TLS_CERT) does not exist: name an existing PEM file.",
            Load(missing, keyFile));
    }

    [Fact]
    public void Load_KeyFileMissing_SaysSo()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (certificate, _) = WritePair(key);
        var missing = _directory.Combine("nowhere", "site.key");

        Assert.Equal(
            $"TLS private key file '{missing}' (--tls-key / KUMO_TLS_KEY) does not exist: name an existing PEM file.",
            Load(certificate, missing));
    }

    [Fact]
    public void Load_CertificateIsADirectory_SaysSo()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (_, keyFile) = WritePair(key);

        Assert.Equal($"TLS certificate file '{_directory.Path}' (--tls-cert / KUMO_TLS_CERT) is a directory: name a PEM file.", Load(_directory.Path, keyFile));
    }

    [Fact]
    public void Load_KeyWhereTheCertificateShouldBe_SaysTheFileHoldsNoCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (_, keyFile) = WritePair(key);

        Assert.Equal(
            $"TLS certificate file '{keyFile}' (--tls-cert / KUMO_TLS_CERT) holds no PEM certificate (a block that begins '-----BEGIN CERTIFICATE-----'). " +
            "Name the certificate's PEM file, not its key or a DER file.",
            Load(keyFile, keyFile));
    }

    [Fact]
    public void Load_CertificateWhereTheKeyShouldBe_SaysTheFileHoldsNoKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (certificate, _) = WritePair(key);

        Assert.Equal(
            $"TLS private key file '{certificate}' (--tls-key / KUMO_TLS_KEY) holds no PEM private key (a block that begins '-----BEGIN PRIVATE KEY-----'). " +
            "Name the certificate's key file.",
            Load(certificate, certificate));
    }

    [Fact]
    public void Load_EncryptedKey_AsksForItUnencrypted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (certificate, keyFile) = WritePair(key);
        File.WriteAllText(keyFile, key.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));

        Assert.StartsWith($"TLS private key file '{keyFile}' (--tls-key / KUMO_TLS_KEY) is encrypted with a passphrase", Load(certificate, keyFile), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeyOfAnotherCertificate_SaysItDoesNotBelong()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (certificate, _) = WritePair(key);
        var (_, otherKey) = WritePair(other, "other");

        Assert.Equal(
            $"TLS private key file '{otherKey}' (--tls-key / KUMO_TLS_KEY) does not belong to the certificate in '{certificate}' (--tls-cert / KUMO_TLS_CERT): " +
            "give the key the certificate was made for.",
            Load(certificate, otherKey));
    }

    [Fact]
    public void Load_KeyOfAnotherAlgorithm_SaysItDoesNotBelong()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        var (certificate, _) = WritePair(key);
        var (_, rsaKey) = WritePair(rsa, "rsa");

        Assert.Contains("does not belong to the certificate", Load(certificate, rsaKey), StringComparison.Ordinal);
    }
}
