using System.Net;
using System.Net.Sockets;

namespace Runflow.AI.Extensions.Emulator.Tool.Tests;

/// <summary>Ports on 127.0.0.1 for the tool to listen on.</summary>
internal static class ToolPorts
{
    /// <summary>Gets a port that was free a moment ago: the system's pick for a listener closed at once.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
