using System.Security.Cryptography;
using Kumo.Abstractions.Functions;

namespace Kumo.Gateway.Tests.Lambda;

/// <summary>Builds stored functions for tests.</summary>
internal static class FunctionConfigurations
{
    public static FunctionConfiguration New(string name, FunctionState state = FunctionState.Active) => new FunctionConfiguration
    {
        TenantId = Tenants.Default,
        Name = name,
        Runtime = "python3.12",
        Handler = "app.handler",
        State = state,
        LastUpdateStatus = state == FunctionState.Active ? LastUpdateStatus.Successful : LastUpdateStatus.InProgress,
        CodeSha256 = "",
        RevisionId = "",
    }.WithCode("zip"u8.ToArray());

    /// <summary>The function with this code package, a new revision and the fake clock's time.</summary>
    public static FunctionConfiguration WithCode(this FunctionConfiguration function, ReadOnlyMemory<byte> zip) => function with
    {
        CodeSha256 = Convert.ToHexStringLower(SHA256.HashData(zip.Span)),
        CodeSize = zip.Length,
        RevisionId = Guid.NewGuid().ToString(),
        LastModified = FakeFunctionCatalog.Now,
    };
}
