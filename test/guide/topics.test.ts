import { describe, expect, it } from 'vitest';
import { topicFor } from '../../src/guide/classify.ts';

describe('topicFor', () => {
  const quote = (text: string) => ({ text, first: { sentence: text } }) as Parameters<typeof topicFor>[0];

  it('picks a topic from the quote’s words, or the fallback', () => {
    expect(topicFor(quote('we retain your chats for 30 days'))).toBe('retention');
    expect(topicFor(quote('a sentence about nothing in particular'), 'terms')).toBe('terms');
  });

  it('gives only topics the settings declare', () => {
    expect(topicFor(quote('we retain your chats for 30 days'), 'cookies', ['cookies', 'tracking'])).toBe('cookies');
    expect(topicFor(quote('we retain your chats for 30 days'), 'privacy', ['tracking', 'cookies'])).toBe('tracking');
    expect(topicFor(quote('we retain your chats for 30 days'), 'privacy', ['cookies', 'retention'])).toBe('retention');
  });
});
