/*
 * fuzz_cli.c — a libFuzzer target for everything that reads user input:
 * the command line (cli_parse), --set values (params_resolve for every
 * kernel) and the JSON reader. Built and run by `make fuzz` (clang, with
 * AddressSanitizer and UndefinedBehaviorSanitizer): no input may crash,
 * read out of bounds or hit undefined behaviour.
 *
 * The input is split at newlines into argv words.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../harness/cli.h"
#include "../../harness/jsonread.h"
#include "../../harness/params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_WORDS = 64 };

static void fuzz_command_line(char *text)
{
    char *argv[MAX_WORDS + 1] = {"parbench"};
    int argc = 1;
    for (char *save = NULL, *word = strtok_r(text, "\n", &save); word && argc < MAX_WORDS;
         word = strtok_r(NULL, "\n", &save))
        argv[argc++] = word;
    argv[argc] = NULL;

    static struct cli_options options;
    char message[PB_MESSAGE_MAX];
    if (cli_parse(argc, argv, &options, message) != 0)
        return;
    for (size_t k = 0; k < options.nkernels; k++) {
        struct pb_values values;
        params_resolve(options.kernels[k], options.size, options.settings, options.nsettings,
                       &values, message);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    char message[256];
    json_value_free(json_parse(text, message));
    fuzz_command_line(text); /* last: strtok_r cuts the text up */
    free(text);
    return 0;
}
