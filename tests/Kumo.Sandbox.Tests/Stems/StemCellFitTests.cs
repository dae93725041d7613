using Kumo.Sandbox.Runtimes;
using Kumo.Sandbox.Stems;

namespace Kumo.Sandbox.Tests.Stems;

public sealed class StemCellFitTests
{
    private static readonly RuntimeCatalog Catalog = new(path => path is "/usr/bin/node" or "/usr/bin/python3.11" or "/usr/share/dotnet/dotnet");

    private static RuntimeDefinition Runtime(string id) => Catalog.Find(id, out _)!;

    private static SandboxSpec Spec(string runtime, int memoryMb = 512, Dictionary<string, string>? environment = null) => new()
    {
        FunctionName = "f",
        FunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:f",
        Runtime = runtime,
        Handler = "index.handler",
        CodeDirectory = "/data/code/x",
        MemoryMb = memoryMb,
        Environment = environment ?? [],
    };

    [Theory]
    [InlineData("nodejs20.x", "node")]
    [InlineData("nodejs22.x", "node")]
    [InlineData("python3.11", "python3.11")]
    [InlineData("python3.12", "python3.11")]
    [InlineData("dotnet8", "dotnet")]
    [InlineData("dotnet10", "dotnet")]
    public void Check_RuntimeWithAStemBootstrap_NamesTheKindAfterItsProgram(string runtime, string kind)
    {
        var fit = StemCellFit.Check(Spec(runtime, memoryMb: 256), Runtime(runtime), out var reason);

        Assert.Equal(new StemCellKind(kind, 256), fit);
        Assert.Null(reason);
    }

    [Theory]
    [InlineData("provided")]
    [InlineData("provided.al2")]
    [InlineData("provided.al2023")]
    public void Check_CustomRuntime_TakesAGenericStem(string runtime)
    {
        Assert.Equal(new StemCellKind(StemCellFit.Generic, 512), StemCellFit.Check(Spec(runtime), Runtime(runtime), out var reason));
        Assert.Null(reason);
    }

    [Theory]
    [InlineData("NODE_OPTIONS")]
    [InlineData("NODE_EXTRA_CA_CERTS")]
    [InlineData("PYTHONPATH")]
    [InlineData("PYTHONDONTWRITEBYTECODE")]
    [InlineData("DOTNET_TieredPGO")]
    [InlineData("COMPlus_TieredCompilation")]
    [InlineData("COMPLUS_gcServer")]
    [InlineData("CORECLR_ENABLE_PROFILING")]
    [InlineData("LD_PRELOAD")]
    [InlineData("AWS_LAMBDA_EXEC_WRAPPER")]
    [InlineData("TZ")]
    [InlineData("LANG")]
    [InlineData("LC_ALL")]
    public void Check_AVariableThatActsAtProcessStart_FallsBackToAGenericStem(string variable)
    {
        var fit = StemCellFit.Check(Spec("nodejs20.x", environment: new() { [variable] = "x" }), Runtime("nodejs20.x"), out var reason);

        Assert.Equal(new StemCellKind(StemCellFit.Generic, 512), fit);
        Assert.Contains(variable, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OrdinaryVariables_KeepTheRuntimeStem() =>
        Assert.Equal(
            new StemCellKind("python3.11", 512),
            StemCellFit.Check(Spec("python3.11", environment: new() { ["TABLE"] = "orders", ["MY_NODE_NAME"] = "n1", ["AWS_REGION_HINT"] = "x" }), Runtime("python3.11"), out _));

    [Fact]
    public void Check_OtherTmpSize_TakesNoStem()
    {
        Assert.Null(StemCellFit.Check(Spec("nodejs20.x") with { EphemeralStorageMb = 1024 }, Runtime("nodejs20.x"), out var reason));
        Assert.Contains("1024 MB", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OutboundNetwork_TakesNoStem()
    {
        Assert.Null(StemCellFit.Check(Spec("provided") with { OutboundNetwork = true }, Runtime("provided"), out var reason));
        Assert.Contains("outbound network", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_InvalidSpec_TakesNoStemAndSaysWhy()
    {
        Assert.Null(StemCellFit.Check(Spec("provided", memoryMb: 64), Runtime("provided"), out var reason));
        Assert.Contains("memory must be from 128 to 10240 MB", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fits_AGenericStemTakesAnyFunctionAStemCanTake_OfItsMemorySize()
    {
        var generic = new StemCellKind(StemCellFit.Generic, 512);

        Assert.True(StemCellFit.Fits(generic, Spec("nodejs20.x"), Runtime("nodejs20.x"), out _));
        Assert.True(StemCellFit.Fits(generic, Spec("provided"), Runtime("provided"), out _));
        Assert.False(StemCellFit.Fits(generic, Spec("provided", memoryMb: 1024), Runtime("provided"), out var reason));
        Assert.Contains("generic/1024MB", reason, StringComparison.Ordinal);
        Assert.False(StemCellFit.Fits(generic, Spec("provided") with { OutboundNetwork = true }, Runtime("provided"), out _));
    }

    [Fact]
    public void Fits_ARuntimeStemTakesOnlyItsOwnKind()
    {
        var node = new StemCellKind("node", 512);

        Assert.True(StemCellFit.Fits(node, Spec("nodejs22.x"), Runtime("nodejs22.x"), out _));
        Assert.False(StemCellFit.Fits(node, Spec("python3.11"), Runtime("python3.11"), out var reason));
        Assert.Contains("python3.11/512MB", reason, StringComparison.Ordinal);
        Assert.False(StemCellFit.Fits(node, Spec("provided"), Runtime("provided"), out _));
        Assert.False(StemCellFit.Fits(node, Spec("nodejs22.x", environment: new() { ["NODE_OPTIONS"] = "--inspect" }), Runtime("nodejs22.x"), out _));
    }
}
