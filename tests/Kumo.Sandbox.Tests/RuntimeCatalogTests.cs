using Kumo.Sandbox.Runtimes;

namespace Kumo.Sandbox.Tests;

public sealed class RuntimeCatalogTests
{
    [Fact]
    public void Find_NewerPythonThanTheMachineHas_RunsOnTheOneItHas()
    {
        var catalog = new RuntimeCatalog(path => path is "/usr/bin/python3.11" or "/usr/bin/node");

        var python = catalog.Find("python3.12", out _);

        Assert.Equal("/usr/bin/python3.11", python!.Command[0]);
        Assert.Equal("AWS_Lambda_python3.12", python.ExecutionEnvironment);
    }

    [Fact]
    public void Find_Unknown_ListsWhatExists()
    {
        var catalog = new RuntimeCatalog(path => path == "/usr/bin/node");

        Assert.Null(catalog.Find("ruby3.3", out var problem));
        Assert.Equal("runtime 'ruby3.3' is not supported on this machine; use one of nodejs20.x, nodejs22.x, provided, provided.al2, provided.al2023", problem);
    }

    [Fact]
    public void Find_Provided_RunsTheBootstrapInTheCode() =>
        Assert.Equal(["/var/task/bootstrap"], new RuntimeCatalog(_ => false).Find("provided.al2023", out _)!.Command);
}
