/*
 * Shows what a console user sees of a program's output: runs the program on
 * a real (Wine) console and reads the console's screen buffer back, the
 * characters and their colours. Test-only.
 *
 *   consoleprobe.exe REPORT [--vt] [--stderr-nul] [--stdout-file PATH] -- PROGRAM [ARG...]
 *       opens a console (a pseudoconsole: Wine without a display cannot open
 *       a console window, and AllocConsole then gives handles that do not
 *       work), and runs itself on it, which sets the console's output mode to
 *       what a new Windows 10 console window starts with (processed output,
 *       wrap at the end of a line, no virtual-terminal processing; --vt adds
 *       it), runs PROGRAM with the console as standard input, output and
 *       error (--stderr-nul: error to NUL; --stdout-file: output to that new
 *       file), waits for it and writes to the file REPORT, as JSON:
 *         {"mode_before":N,"mode_after":N,"exit":N,"default_attr":N,
 *          "rows":[{"text":"...","runs":[[ATTR,CELLS],...]},...]}
 *       mode_* are the console's output mode (GetConsoleMode) before PROGRAM
 *       starts and after it ends; rows are the screen buffer's rows up to the
 *       cursor, text with trailing blanks cut, runs the cells' attributes.
 *   consoleprobe.exe write
 *       writes one line with an ANSI colour sequence to its standard output
 *       (WriteConsoleW on a console): the control that shows what the console
 *       does with such a sequence in either mode.
 *
 * Exits 0 after writing REPORT, non-zero with a message on stderr otherwise.
 */
#define NTDDI_VERSION 0x0A000006 /* CreatePseudoConsole */
#define _WIN32_WINNT 0x0A00
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#ifndef ENABLE_VIRTUAL_TERMINAL_PROCESSING
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING 0x0004
#endif

#define WIDTH 120
#define HEIGHT 200
#define WAIT_MS 90000

static HANDLE report; /* the REPORT file */

static void fail(const char *what)
{
    fprintf(stderr, "consoleprobe: %s failed: %lu\n", what, GetLastError());
    exit(1);
}

static void put(const char *s)
{
    DWORD n;
    WriteFile(report, s, (DWORD)strlen(s), &n, NULL);
}

/* One UTF-16 code unit as JSON: ASCII as is, the rest as \uXXXX. */
static void put_unit(WCHAR c)
{
    char buf[8];
    if (c == '"' || c == '\\')
        snprintf(buf, sizeof buf, "\\%c", (char)c);
    else if (c >= 0x20 && c < 0x7f)
        snprintf(buf, sizeof buf, "%c", (char)c);
    else
        snprintf(buf, sizeof buf, "\\u%04x", (unsigned)c);
    put(buf);
}

static int write_control(void)
{
    static const WCHAR line[] = L"\x1b[31mcontrol-red\x1b[0m plain\r\n";
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD mode, n, len = (DWORD)wcslen(line);
    if (GetConsoleMode(out, &mode))
        return WriteConsoleW(out, line, len, &n, NULL) ? 0 : 1;
    fprintf(stderr, "consoleprobe: standard output is not a console\n");
    return 1;
}

/* The probe's own command line after its program name: " [options] -- PROGRAM...". */
static const WCHAR *arguments_as_typed(void)
{
    const WCHAR *p = GetCommandLineW();
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++)
            ;
        if (*p)
            p++;
    } else {
        while (*p && *p != ' ' && *p != '\t')
            p++;
    }
    return p;
}

static HANDLE open_inheritable(const WCHAR *name, DWORD access, DWORD disposition)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    HANDLE h = CreateFileW(name, access, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, disposition,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        fail("CreateFileW");
    return h;
}

static void print_rows(HANDLE con)
{
    CONSOLE_SCREEN_BUFFER_INFO info;
    if (!GetConsoleScreenBufferInfo(con, &info))
        fail("GetConsoleScreenBufferInfo");
    SHORT width = info.dwSize.X;
    /* The row holding the cursor counts when something was written on it. */
    SHORT rows = info.dwCursorPosition.Y + (info.dwCursorPosition.X > 0);
    WCHAR *text = malloc(width * sizeof(WCHAR));
    WORD *attrs = malloc(width * sizeof(WORD));
    if (!text || !attrs)
        fail("malloc");
    put("\"rows\":[");
    for (SHORT y = 0; y < rows; y++) {
        COORD at = {0, y};
        DWORD got_text = 0, got_attrs = 0;
        if (!ReadConsoleOutputCharacterW(con, text, width, at, &got_text))
            fail("ReadConsoleOutputCharacterW");
        if (!ReadConsoleOutputAttribute(con, attrs, width, at, &got_attrs))
            fail("ReadConsoleOutputAttribute");
        DWORD end = got_text;
        while (end > 0 && text[end - 1] == ' ')
            end--;
        put(y ? ",{\"text\":\"" : "{\"text\":\"");
        for (DWORD x = 0; x < end; x++)
            put_unit(text[x]);
        put("\",\"runs\":[");
        /* Attributes over the whole row: a coloured blank counts too. */
        for (DWORD x = 0; x < got_attrs;) {
            DWORD start = x;
            while (x < got_attrs && attrs[x] == attrs[start])
                x++;
            char buf[48];
            snprintf(buf, sizeof buf, "%s[%u,%lu]", start ? "," : "", attrs[start], x - start);
            put(buf);
        }
        put("]}");
    }
    put("]");
    free(text);
    free(attrs);
}

/* Keeps the pseudoconsole's output (what a terminal would draw) flowing. */
static DWORD WINAPI drain(void *pipe)
{
    char buf[4096];
    DWORD n;
    while (ReadFile(pipe, buf, sizeof buf, &n, NULL) && n)
        ;
    return 0;
}

/* Opens a pseudoconsole and runs this program on it with "--inside" before
 * the same arguments. */
static int host(void)
{
    HANDLE in_read, in_write, out_read, out_write;
    if (!CreatePipe(&in_read, &in_write, NULL, 0) || !CreatePipe(&out_read, &out_write, NULL, 0))
        fail("CreatePipe");
    HPCON console;
    COORD size = {WIDTH, HEIGHT};
    if (FAILED(CreatePseudoConsole(size, in_read, out_write, 0, &console)))
        fail("CreatePseudoConsole");
    HANDLE drainer = CreateThread(NULL, 0, drain, out_read, 0, NULL);

    SIZE_T attr_size = 0;
    InitializeProcThreadAttributeList(NULL, 1, 0, &attr_size);
    STARTUPINFOEXW si = {0};
    si.StartupInfo.cb = sizeof si;
    si.lpAttributeList = malloc(attr_size);
    if (!si.lpAttributeList || !InitializeProcThreadAttributeList(si.lpAttributeList, 1, 0, &attr_size) ||
        !UpdateProcThreadAttribute(si.lpAttributeList, 0, PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE, console,
                                   sizeof console, NULL, NULL))
        fail("the pseudoconsole attribute");

    WCHAR self[MAX_PATH];
    if (!GetModuleFileNameW(NULL, self, MAX_PATH))
        fail("GetModuleFileNameW");
    const WCHAR *rest = arguments_as_typed();
    size_t len = wcslen(self) + wcslen(rest) + 16;
    WCHAR *command = malloc(len * sizeof(WCHAR));
    if (!command)
        fail("malloc");
    swprintf(command, len, L"\"%ls\" --inside%ls", self, rest);

    PROCESS_INFORMATION pi;
    if (!CreateProcessW(NULL, command, NULL, NULL, FALSE, EXTENDED_STARTUPINFO_PRESENT, NULL, NULL,
                        &si.StartupInfo, &pi))
        fail("CreateProcessW (on the pseudoconsole)");
    if (WaitForSingleObject(pi.hProcess, WAIT_MS + 10000) != WAIT_OBJECT_0) {
        TerminateProcess(pi.hProcess, 1);
        fprintf(stderr, "consoleprobe: the probe on the console did not end\n");
        return 1;
    }
    DWORD code = 1;
    GetExitCodeProcess(pi.hProcess, &code);
    ClosePseudoConsole(console);
    CloseHandle(out_write);
    WaitForSingleObject(drainer, 5000);
    return (int)code;
}

/* On the console: set its mode, run PROGRAM, read the screen back into REPORT. */
static int inside(int argc, wchar_t **argv)
{
    BOOL vt = FALSE, stderr_nul = FALSE;
    const WCHAR *stdout_file = NULL;
    int i = 3;
    for (; i < argc && wcscmp(argv[i], L"--"); i++) {
        if (!wcscmp(argv[i], L"--vt"))
            vt = TRUE;
        else if (!wcscmp(argv[i], L"--stderr-nul"))
            stderr_nul = TRUE;
        else if (!wcscmp(argv[i], L"--stdout-file") && i + 1 < argc)
            stdout_file = argv[++i];
        else {
            fprintf(stderr, "consoleprobe: unknown option %ls\n", argv[i]);
            return 64;
        }
    }
    const WCHAR *sep = wcsstr(GetCommandLineW(), L" -- ");
    if (i + 1 >= argc || !sep) {
        fprintf(stderr, "consoleprobe: usage: consoleprobe REPORT [options] -- PROGRAM [ARG...]\n");
        return 64;
    }
    WCHAR *command = _wcsdup(sep + 4);

    HANDLE con = open_inheritable(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING);
    HANDLE in = open_inheritable(L"CONIN$", GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING);
    DWORD mode = ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT;
    if (vt)
        mode |= ENABLE_VIRTUAL_TERMINAL_PROCESSING;
    if (!SetConsoleMode(con, mode))
        fail("SetConsoleMode");
    DWORD mode_before = 0, mode_after = 0;
    if (!GetConsoleMode(con, &mode_before))
        fail("GetConsoleMode");
    CONSOLE_SCREEN_BUFFER_INFO info;
    if (!GetConsoleScreenBufferInfo(con, &info))
        fail("GetConsoleScreenBufferInfo");

    HANDLE out = stdout_file ? open_inheritable(stdout_file, GENERIC_WRITE, CREATE_NEW) : con;
    HANDLE err = stderr_nul ? open_inheritable(L"NUL", GENERIC_WRITE, OPEN_EXISTING) : con;
    STARTUPINFOW si = {0};
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = in;
    si.hStdOutput = out;
    si.hStdError = err;
    PROCESS_INFORMATION pi;
    if (!CreateProcessW(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi))
        fail("CreateProcessW");
    if (WaitForSingleObject(pi.hProcess, WAIT_MS) != WAIT_OBJECT_0) {
        TerminateProcess(pi.hProcess, 1);
        fprintf(stderr, "consoleprobe: the program did not end within %d s\n", WAIT_MS / 1000);
        return 1;
    }
    DWORD code = 0;
    GetExitCodeProcess(pi.hProcess, &code);
    if (!GetConsoleMode(con, &mode_after))
        fail("GetConsoleMode");

    report = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (report == INVALID_HANDLE_VALUE)
        fail("creating the report");
    char head[160];
    snprintf(head, sizeof head, "{\"mode_before\":%lu,\"mode_after\":%lu,\"exit\":%lu,\"default_attr\":%u,",
             mode_before, mode_after, code, info.wAttributes);
    put(head);
    print_rows(con);
    put("}\n");
    CloseHandle(report);
    return 0;
}

int wmain(int argc, wchar_t **argv)
{
    if (argc == 2 && !wcscmp(argv[1], L"write"))
        return write_control();
    if (argc > 2 && !wcscmp(argv[1], L"--inside"))
        return inside(argc, argv);
    if (argc < 4) {
        fprintf(stderr, "consoleprobe: usage: consoleprobe REPORT [options] -- PROGRAM [ARG...]\n");
        return 64;
    }
    return host();
}
