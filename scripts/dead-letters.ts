/**
 * `npm run dead-letters -- list` | `replay --all` | `replay <deadLetterId>...` [--group <groupId>]
 * Lists the dead-letter topic, or puts letters back on their original topics.
 */
import { pino } from 'pino';
import {
  createKafka,
  EventProducer,
  kafkaSettingsOf,
  listDeadLetters,
  replayDeadLetters,
} from '#anlao/messaging';
import { loadConfig } from '#anlao/platform';

const [command, ...rest] = process.argv.slice(2);
const groupIndex = rest.indexOf('--group');
const group = groupIndex >= 0 ? rest[groupIndex + 1] : undefined;
const ids = rest.filter((a, i) => !a.startsWith('--') && i !== groupIndex + 1);

const config = loadConfig('dead-letters', 0);
const settings = kafkaSettingsOf(config);
const logger = pino({ level: 'warn' });
const kafka = createKafka(settings, logger);

const letters = (await listDeadLetters(kafka, settings.topicPrefix)).filter(
  (l) => !group || l.groupId === group,
);

if (command === 'list') {
  for (const l of letters) {
    process.stdout.write(
      `${l.deadLetterId}  ${l.failedAt}  ${l.groupId}  ${l.topic}[${l.partition}]@${l.offset}  attempts=${l.attempts}  ${l.error.name}: ${l.error.message}\n`,
    );
  }
  process.stdout.write(`${letters.length} dead letter(s)\n`);
} else if (command === 'replay' && (rest.includes('--all') || ids.length > 0)) {
  const chosen = rest.includes('--all') ? letters : letters.filter((l) => ids.includes(l.deadLetterId));
  const producer = new EventProducer(kafka, settings.topicPrefix, logger);
  await producer.connect();
  const result = await replayDeadLetters(producer, chosen);
  await producer.disconnect();
  process.stdout.write(`replayed ${result.replayed}, skipped ${result.skipped} (no original value)\n`);
} else {
  process.stderr.write(
    'usage: dead-letters list | replay --all | replay <deadLetterId>... [--group <groupId>]\n',
  );
  process.exitCode = 2;
}
